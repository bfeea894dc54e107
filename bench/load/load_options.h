#pragma once

// Command line of probe_load. Every count and time has a hard upper bound so
// that no invocation can turn into an unbounded load run.

#include <string>
#include <vector>

#include "support/bench_pki.h"

namespace lde::bench {

struct LoadOptions {
  int targets = 500;      // M: distinct configured targets (1..10000)
  int rounds = 3;         // K: each target probed K times (1..20)
  int servers = 4;        // nginx listening ports the targets are spread over (1..64)
  int nginx_workers = 1;  // nginx worker processes (1..4)
  int concurrency = 16;   // the daemon's default global.concurrency (1..256)
  int timeout_s = 5;      // per-probe timeout (1..30)
  int max_seconds = 120;  // per side: no probe starts after this (10..600)
  std::vector<std::string> kinds = {"https", "tls"};
  lde::testing::CertSpec::Key key = lde::testing::CertSpec::Key::kRsa2048;
  std::string nginx_path = "/usr/sbin/nginx";
  // Empty: skip the comparison.
  std::string blackbox_path = "/usr/bin/prometheus-blackbox-exporter";
  bool keep_dir = false;  // keep the scratch directory (configs, logs)
};

// Parses argv; on error or --help returns false with a message in *error.
bool ParseLoadOptions(int argc, char** argv, LoadOptions* options, std::string* error);

std::string LoadUsage();

}  // namespace lde::bench
