#pragma once

// The machine and the programs a daemon_load run measured, for its report.

#include <string>

namespace lde::bench {

struct MachineInfo {
  int nproc = 0;
  std::string cpu_model;
  std::string kernel;
  std::string openssl;   // `openssl version`
  std::string nginx;     // `nginx -v`
  std::string blackbox;  // first line of `--version`, or "not used"
  std::string daemon;    // `lyncdiscover_exporter --version`
  double load_before[3] = {0, 0, 0};
  double load_after[3] = {0, 0, 0};
};

// Everything but load_after, which the caller reads at the end of the run.
// `dir` holds the commands' output files.
MachineInfo ReadMachineInfo(const std::string& dir, const std::string& openssl_path,
                            const std::string& nginx_path, const std::string& blackbox_path,
                            const std::string& daemon_path);

void ReadLoad(double (&load)[3]);

}  // namespace lde::bench
