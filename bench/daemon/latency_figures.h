#pragma once

// What a latency-bound window adds to the CPU figure: did the schedule keep
// up (runs skipped because the previous run of a target was still going),
// how long probes took (each target's last probe_duration_seconds), and so
// how many probes had to be in flight at once (Little's law: completions per
// second x mean duration), to set against the configured concurrency.

#include <cstdint>
#include <string>
#include <string_view>

namespace lde::bench {

struct LatencyFigures {
  std::uint64_t skipped = 0;   // sum of lyncdiscover_exporter_probe_runs_skipped_total
  double mean_duration_s = 0;  // mean of probe_duration_seconds over the targets
  double max_duration_s = 0;
  int durations = 0;  // targets with a probe_duration_seconds sample
};

// From the daemon's /metrics text; other families are skipped.
LatencyFigures ReadLatencyFigures(std::string_view exposition);

}  // namespace lde::bench
