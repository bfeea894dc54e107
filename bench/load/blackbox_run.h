#pragma once

// prometheus-blackbox-exporter on 127.0.0.1 as the comparison: started as a
// child of the bench, driven through GET /probe?module=&target= by
// `concurrency` client threads, and measured from outside by its own
// /proc/<pid>/stat utime+stime before and after.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "load/child_process.h"
#include "load/report.h"

namespace lde::bench {

class BlackboxExporter {
 public:
  // Writes `modules_yaml` to dir/blackbox.yml, starts the exporter on a free
  // loopback port and waits (at most 15 s) until it accepts connections.
  static Result<std::unique_ptr<BlackboxExporter>> Start(const std::string& path, const std::string& dir,
                                                         const std::string& modules_yaml);

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return child_->pid(); }

 private:
  BlackboxExporter(std::uint16_t port, ChildProcess child) : port_(port), child_(std::move(child)) {}

  std::uint16_t port_;
  std::optional<ChildProcess> child_;
};

struct BlackboxDrive {
  std::string module;
  std::string kind;                  // label for the report
  std::vector<std::string> targets;  // as /probe's target= takes them
  int rounds = 3;
  int concurrency = 16;
  int warmup_probes = 32;
  int max_seconds = 120;
  int timeout_s = 5;
};

// Error kInternal when the exporter's CPU time cannot be read.
Result<SideResult> DriveBlackbox(const BlackboxExporter& exporter, const BlackboxDrive& drive);

}  // namespace lde::bench
