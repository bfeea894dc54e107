#pragma once

// The daemon's completed-probe counters, read from its /metrics text:
// lyncdiscover_exporter_probes_total{target, result="success"|"failure"}.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace lde::bench {

struct ProbeCounts {
  std::uint64_t success = 0;
  std::uint64_t failure = 0;
  std::uint64_t total() const { return success + failure; }
};

// Per target. Lines of other families, and malformed lines, are skipped.
std::map<std::string, ProbeCounts> ReadProbeCounters(std::string_view exposition);

// lyncdiscover_mobile_signin_ready series: how many, and how many are 1.
struct ReadyCounts {
  std::uint64_t series = 0;
  std::uint64_t ready = 0;
};
ReadyCounts ReadSigninReady(std::string_view exposition);

// Sums of `after - before` over the targets of `after` (a target absent
// before counts from zero).
ProbeCounts CounterDelta(const std::map<std::string, ProbeCounts>& before,
                         const std::map<std::string, ProbeCounts>& after);

}  // namespace lde::bench
