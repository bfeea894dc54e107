#pragma once

// One window of the daemon as it runs: the release binary started as a
// child with a generated config, resident on its own schedule, scraped at a
// Prometheus-like rate. After a warm-up (at least one full interval, and
// until every target has a result) the window's CPU is the process's
// utime+stime delta and its probes the delta of
// lyncdiscover_exporter_probes_total, both read at scrape ticks, so the
// scrapes inside the window are counted as the daemon's cost.

#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"
#include "daemon/window.h"

namespace lde::bench {

struct DaemonWindowSpec {
  std::string daemon_path;
  std::string config_yaml;
  std::string dir;  // scratch: config and log files
  std::string kind;
  int concurrency = 8;
  int repeat = 1;
  int targets = 0;
  std::vector<std::string> deployments;  // their target labels (the domains)
  int interval_s = 5;
  int scrape_interval_s = 5;
  int window_s = 20;
  std::chrono::steady_clock::time_point hard_stop;  // the run's --max-seconds
};

// Errors: kConfig (the daemon did not start, see its log), kTimeout (the
// warm-up did not reach every target, or the budget ran out), kInternal.
Result<WindowResult> RunDaemonWindow(const DaemonWindowSpec& spec);

}  // namespace lde::bench
