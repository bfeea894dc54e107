#pragma once

// What one side (ours or blackbox_exporter) measured for one probe kind, and
// the table probe_load prints.

#include <cstddef>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "load/cpu_usage.h"

namespace lde::bench {

struct SideResult {
  std::string side;         // "lyncdiscover" | "blackbox"
  std::string kind;         // "https" | "tls"
  std::size_t probes = 0;   // completed (started before the hard stop)
  std::size_t ok = 0;       // probe succeeded (trusted chain, name match, 2xx)
  std::size_t skipped = 0;  // not started: the hard stop had passed
  double wall_s = 0;
  CpuTimes cpu;  // of the probing process only
  std::int64_t peak_rss_kib = -1;
  double scrape_ms_per_target = -1;             // ours: RenderText CPU per target, one scrape
  std::map<std::string, std::size_t> failures;  // "step/reason" -> count
};

// CPU milliseconds per completed probe; 0 when nothing completed.
double CpuMsPerProbe(const SideResult& r);

// Columns: side, kind, probes, ok, wall s, CPU ms/probe (user+sys),
// probes/s per core, cores for 10,000 probes/min, peak RSS MiB.
void PrintTable(std::ostream& out, const std::vector<SideResult>& results);

// Failure reasons of every run that had any.
void PrintFailures(std::ostream& out, const std::vector<SideResult>& results);

}  // namespace lde::bench
