#pragma once

// One window of blackbox_exporter driven as Prometheus drives it: every
// target scraped through GET /probe once per interval, the scrapes spread
// evenly over the interval (Prometheus offsets each target by a hash of its
// labels), at most `concurrency` in flight, over kept-alive connections.
// The first interval is a warm-up; the window is the next window_s seconds
// of due times, its CPU the exporter's utime+stime from the first due time
// of the window to the end of the last probe of it.

#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"
#include "daemon/window.h"

namespace lde::bench {

struct BlackboxTarget {
  std::string module;
  std::string target;
};

struct BlackboxWindowSpec {
  std::uint16_t port = 0;
  pid_t pid = -1;
  std::string log_path;
  std::string kind;
  int concurrency = 8;
  int repeat = 1;
  std::vector<BlackboxTarget> targets;
  int interval_s = 5;
  int window_s = 20;
  int timeout_s = 5;
  std::chrono::steady_clock::time_point hard_stop;
};

// Errors: kTimeout (the budget cannot hold the window), kInternal (the
// exporter exited).
Result<WindowResult> RunBlackboxWindow(const BlackboxWindowSpec& spec);

}  // namespace lde::bench
