#include "daemon/probe_counters.h"

#include <cstdlib>
#include <string>

namespace lde::bench {
namespace {

constexpr std::string_view kFamily = "lyncdiscover_exporter_probes_total{";

// The value of `name="..."` inside a label set (no escapes: the bench's
// target names and result values have none).
std::string_view Label(std::string_view labels, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  std::size_t at = 0;
  // Bounded: each round moves past a match.
  while ((at = labels.find(key, at)) != std::string_view::npos) {
    if (at == 0 || labels[at - 1] == ',' || labels[at - 1] == '{') {
      std::size_t start = at + key.size();
      std::size_t end = labels.find('"', start);
      if (end == std::string_view::npos) return {};
      return labels.substr(start, end - start);
    }
    at += key.size();
  }
  return {};
}

// fn(labels "{...}", value) for every sample line of `text` that starts with
// `prefix` (a family name and its opening brace).
template <typename Fn>
void ForEachSample(std::string_view text, std::string_view prefix, Fn fn) {
  std::size_t pos = 0;
  // Bounded: each round moves past one line.
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.substr(0, prefix.size()) != prefix) continue;
    std::size_t close = line.rfind('}');
    if (close == std::string_view::npos) continue;
    fn(line.substr(prefix.size() - 1, close - prefix.size() + 2),
       std::strtod(std::string(line.substr(close + 1)).c_str(), nullptr));
  }
}

}  // namespace

std::map<std::string, ProbeCounts> ReadProbeCounters(std::string_view text) {
  std::map<std::string, ProbeCounts> out;
  ForEachSample(text, kFamily, [&](std::string_view labels, double v) {
    std::string_view target = Label(labels, "target");
    std::string_view result = Label(labels, "result");
    if (target.empty()) return;
    auto& counts = out[std::string(target)];
    if (result == "success") counts.success = static_cast<std::uint64_t>(v);
    if (result == "failure") counts.failure = static_cast<std::uint64_t>(v);
  });
  return out;
}

ReadyCounts ReadSigninReady(std::string_view text) {
  ReadyCounts out;
  ForEachSample(text, "lyncdiscover_mobile_signin_ready{", [&](std::string_view, double v) {
    ++out.series;
    if (v == 1.0) ++out.ready;
  });
  return out;
}

ProbeCounts CounterDelta(const std::map<std::string, ProbeCounts>& before,
                         const std::map<std::string, ProbeCounts>& after) {
  ProbeCounts delta;
  for (const auto& [target, now] : after) {
    auto it = before.find(target);
    ProbeCounts then = it == before.end() ? ProbeCounts{} : it->second;
    delta.success += now.success - then.success;
    delta.failure += now.failure - then.failure;
  }
  return delta;
}

}  // namespace lde::bench
