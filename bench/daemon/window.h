#pragma once

// What one measured window of one side (the daemon, or blackbox_exporter
// driven like Prometheus) found.

#include <cstdint>
#include <string>
#include <vector>

#include "load/cpu_usage.h"

namespace lde::bench {

struct WindowResult {
  std::string side;  // "daemon" | "blackbox"
  std::string kind;  // "tls" | "https" | "mix"
  int concurrency = 0;
  int repeat = 0;
  double wall_s = 0;
  CpuTimes cpu;                // utime + stime of the process over the window
  std::uint64_t probes = 0;    // completed in the window (targets; deployments apart, below)
  std::uint64_t ok = 0;        // of which succeeded
  std::uint64_t expected = 0;  // targets x window / interval: what the schedule asks for
  int scrapes = 0;             // daemon: /metrics scrapes inside the window
  int connections = 0;         // HTTP connections the harness opened to the process
  std::int64_t rss_kib = -1;   // VmRSS at the end of the window
  std::int64_t hwm_kib = -1;   // VmHWM at the end of the window
  std::int64_t threads = -1;   // daemon: most threads seen at a scrape of the window
  std::uint64_t skipped = 0;   // daemon: runs skipped in the window (previous run still going)
  double mean_duration_s = 0;  // daemon: mean of the targets' last probe_duration_seconds at the end
  double max_duration_s = 0;   // daemon: the longest of them
  double load1 = -1;           // the machine's 1-minute load average at the end of the window
  // daemon with --deployments: their probes in the window (the same
  // lyncdiscover_exporter_probes_total, told apart by the target label),
  // and lyncdiscover_mobile_signin_ready at the window's last scrape.
  int deployments = 0;
  std::uint64_t deployment_probes = 0;
  std::uint64_t deployment_ok = 0;
  std::uint64_t deployment_expected = 0;
  std::uint64_t ready_series = 0;
  std::uint64_t ready_ones = 0;
  // daemon: the window's largest /metrics scrape (by its text's size): its
  // wall time (request to last byte, gunzip excluded), text and wire bytes;
  // and the slowest and the median scrape's wall time (the median is the
  // steadier figure when the machine has noisy neighbours).
  double largest_scrape_ms = 0;
  std::uint64_t largest_scrape_bytes = 0;
  std::uint64_t largest_scrape_wire_bytes = 0;
  double slowest_scrape_ms = 0;
  double median_scrape_ms = 0;
  std::vector<double> scrape_ms;  // every scrape of the window, in order: where the slow ones fall
  // daemon: what each of those scrapes cost the daemon's HTTP threads, in
  // the same order: CPU time, and time waiting for a CPU (schedstat). A
  // scrape whose threads could not be read is left out, so the lists are
  // empty where the kernel keeps no schedstat. The wall time above is the
  // client's view.
  std::vector<double> scrape_cpu_ms;
  std::vector<double> scrape_wait_ms;
  // daemon: scrapes without compression after the window (three, back to
  // back): the fastest and slowest wall time, and the text's size.
  double plain_scrape_ms = 0;
  double plain_scrape_max_ms = 0;
  std::uint64_t plain_scrape_bytes = 0;
  std::string log_path;  // the process's log

  // CPU milliseconds per successful probe; 0 when none succeeded.
  double CpuMsPerOk() const { return ok == 0 ? 0 : cpu.total_s() * 1000.0 / static_cast<double>(ok); }
};

}  // namespace lde::bench
