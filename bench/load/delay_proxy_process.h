#pragma once

// The delay_proxy program (load/delay_proxy_main.cpp) as a child of the
// bench: one delayed loopback port per upstream port. Its own process, so
// its CPU never counts as the measured program's; it gets SIGTERM if the
// bench dies (ChildProcess).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "load/child_process.h"

namespace lde::bench {

struct DelayProxySpec {
  std::string proxy_path;
  std::string dir;  // scratch: port lists and the proxy's log
  std::vector<std::uint16_t> upstream_ports;
  int rtt_ms = 100;
  int max_seconds = 3600;
};

class DelayProxyProcess {
 public:
  // Starts the proxy and waits (at most 10 s plus 1 ms per port) for its
  // port list. Error kConfig naming the log when it does not come up.
  static Result<std::unique_ptr<DelayProxyProcess>> Start(const DelayProxySpec& spec);

  // ports()[i] forwards to spec.upstream_ports[i].
  const std::vector<std::uint16_t>& ports() const { return ports_; }
  pid_t pid() const { return child_.pid(); }
  const std::string& log_path() const { return log_path_; }

 private:
  DelayProxyProcess(std::vector<std::uint16_t> ports, ChildProcess child, std::string log_path)
      : ports_(std::move(ports)), child_(std::move(child)), log_path_(std::move(log_path)) {}

  std::vector<std::uint16_t> ports_;
  ChildProcess child_;
  std::string log_path_;
};

}  // namespace lde::bench
