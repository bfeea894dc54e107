#pragma once

// Runs the daemon's real probe path in this process: config::ParseConfigText
// -> probe::BuildProbeEnv -> probe::PlanProbes -> schedule::Scheduler
// (RunOnceAll, the config's concurrency) -> results::ResultStore, then one
// metrics::RenderText scrape, and measures it with getrusage(RUSAGE_SELF).
// The servers must run in another process for that figure to be the
// prober's alone.

#include <string>

#include "common/result.h"
#include "load/report.h"

namespace lde::bench {

struct ProberSpec {
  std::string config_yaml;  // validated by ParseConfigText; relative paths against base_dir
  std::string base_dir;
  std::string kind;        // label for the report
  int rounds = 3;          // each planned probe runs this many times
  int warmup_probes = 32;  // run once before measuring, not counted
  int max_seconds = 120;   // no probe starts after this (bounded run)
};

// Error kConfig with every config error, or BuildProbeEnv's error.
Result<SideResult> RunProber(const ProberSpec& spec);

}  // namespace lde::bench
