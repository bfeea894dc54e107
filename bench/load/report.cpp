#include "load/report.h"

#include <cstdio>

namespace lde::bench {
namespace {

constexpr double kProbesPerSecondTarget = 10000.0 / 60.0;  // the product goal

std::string Format(const char* format, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

}  // namespace

double CpuMsPerProbe(const SideResult& r) {
  return r.probes == 0 ? 0 : r.cpu.total_s() * 1000.0 / static_cast<double>(r.probes);
}

void PrintTable(std::ostream& out, const std::vector<SideResult>& results) {
  char line[256];
  std::snprintf(line, sizeof line, "%-13s %-5s %7s %7s %7s %9s %9s %9s %11s %10s %9s\n", "side", "kind",
                "probes", "ok", "wall_s", "cpu_ms/p", "(user)", "(sys)", "probes/s/c", "cores@10k",
                "peakMiB");
  out << line;
  for (const auto& r : results) {
    const double ms = CpuMsPerProbe(r);
    const double n = static_cast<double>(r.probes);
    std::snprintf(
        line, sizeof line, "%-13s %-5s %7zu %7zu %7.1f %9.3f %9.3f %9.3f %11s %10s %9s\n", r.side.c_str(),
        r.kind.c_str(), r.probes, r.ok, r.wall_s, ms, n > 0 ? r.cpu.user_s * 1000.0 / n : 0.0,
        n > 0 ? r.cpu.sys_s * 1000.0 / n : 0.0, ms > 0 ? Format("%.0f", 1000.0 / ms).c_str() : "-",
        ms > 0 ? Format("%.3f", kProbesPerSecondTarget * ms / 1000.0).c_str() : "-",
        r.peak_rss_kib > 0 ? Format("%.1f", static_cast<double>(r.peak_rss_kib) / 1024.0).c_str() : "-");
    out << line;
  }
  for (const auto& r : results) {
    if (r.scrape_ms_per_target >= 0) {
      out << r.side << " " << r.kind << ": one scrape (RenderText) of these targets costs "
          << Format("%.4f", r.scrape_ms_per_target) << " CPU ms per target\n";
    }
    if (r.skipped > 0)
      out << r.side << " " << r.kind << ": " << r.skipped << " probes not started (hard stop)\n";
  }
}

void PrintFailures(std::ostream& out, const std::vector<SideResult>& results) {
  for (const auto& r : results) {
    for (const auto& [reason, count] : r.failures) {
      out << "  failures " << r.side << " " << r.kind << ": " << reason << " x" << count << "\n";
    }
  }
}

}  // namespace lde::bench
