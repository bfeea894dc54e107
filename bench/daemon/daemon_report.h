#pragma once

// daemon_load's report: every window, the daemon/blackbox and daemon/s_time
// ratios per pair (concurrency, repeat) and kind, their medians, and the
// same raw numbers as JSON.

#include <ostream>
#include <string>
#include <vector>

#include "daemon/daemon_options.h"
#include "daemon/machine_info.h"
#include "daemon/s_time_run.h"
#include "daemon/window.h"

namespace lde::bench {

struct DaemonLoadRecord {
  MachineInfo machine;
  DaemonLoadOptions options;
  int ec_targets = 0;
  int rsa_targets = 0;
  double mint_seconds = 0;
  std::vector<WindowResult> windows;
  std::vector<STimeResult> stimes;
  std::string command;  // as invoked
};

// One row of the ratio table. kind "all" pools tls and https: total CPU
// over total successful probes, per side.
struct PairRatio {
  int concurrency = 0;
  int repeat = 0;
  std::string kind;
  double daemon_ms = 0;     // CPU ms per successful probe
  double blackbox_ms = 0;   // 0: not measured
  double stime_ms = 0;      // s_time CPU ms per handshake, weighted by the farm's key mix; 0: not measured
  double stime_www_ms = 0;  // the same with -www (handshake and GET); https rows only, 0: not measured
  double vs_blackbox() const { return blackbox_ms > 0 ? daemon_ms / blackbox_ms : 0; }
  double vs_stime() const { return stime_ms > 0 ? daemon_ms / stime_ms : 0; }
  double vs_stime_www() const { return stime_www_ms > 0 ? daemon_ms / stime_www_ms : 0; }
};

std::vector<PairRatio> ComputeRatios(const DaemonLoadRecord& record);

// The median of the values that are not 0 (0 marks a figure a run lacks);
// 0 when none is.
double Median(std::vector<double> values);

// `finished`: the run is over and load_after has been read.
void PrintMachine(std::ostream& out, const DaemonLoadRecord& record, bool finished);
void PrintWindows(std::ostream& out, const DaemonLoadRecord& record);
void PrintRatios(std::ostream& out, const DaemonLoadRecord& record, const std::vector<PairRatio>& ratios);
void WriteJson(std::ostream& out, const DaemonLoadRecord& record, const std::vector<PairRatio>& ratios);

}  // namespace lde::bench
