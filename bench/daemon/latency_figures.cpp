#include "daemon/latency_figures.h"

#include <algorithm>
#include <cstdlib>

namespace lde::bench {
namespace {

constexpr std::string_view kDuration = "probe_duration_seconds{";
constexpr std::string_view kSkipped = "lyncdiscover_exporter_probe_runs_skipped_total{";

// The sample value after the label set; false for a malformed line.
bool Value(std::string_view line, double* out) {
  const std::size_t close = line.rfind('}');
  if (close == std::string_view::npos) return false;
  const std::string value(line.substr(close + 1));
  char* end = nullptr;
  *out = std::strtod(value.c_str(), &end);
  return end != value.c_str();
}

}  // namespace

LatencyFigures ReadLatencyFigures(std::string_view text) {
  LatencyFigures f;
  double sum = 0;
  std::size_t pos = 0;
  // Bounded: each round moves past one line.
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    double v = 0;
    if (line.substr(0, kDuration.size()) == kDuration && Value(line, &v)) {
      sum += v;
      f.max_duration_s = std::max(f.max_duration_s, v);
      ++f.durations;
    } else if (line.substr(0, kSkipped.size()) == kSkipped && Value(line, &v)) {
      f.skipped += static_cast<std::uint64_t>(v);
    }
  }
  if (f.durations > 0) f.mean_duration_s = sum / f.durations;
  return f;
}

}  // namespace lde::bench
