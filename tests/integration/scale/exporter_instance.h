#pragma once

// One lyncdiscover_exporter process of a multi-instance test: the built
// binary on 127.0.0.1, an ephemeral port, with a config file and the
// instance's own flags (--shard, --vantage, --networks).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/daemon/daemon_process.h"

namespace lde::testing {

class ExporterInstance {
 public:
  ExporterInstance() = default;
  // An orderly stop (SIGTERM, bounded wait); DaemonProcess kills what is left.
  ~ExporterInstance();
  ExporterInstance(const ExporterInstance&) = delete;
  ExporterInstance& operator=(const ExporterInstance&) = delete;

  // "" once the daemon listens; else why not, with its log.
  std::string Start(const std::string& config_file, const std::vector<std::string>& flags);
  // Sends SIGHUP; "" once the daemon has logged one more
  // msg="configuration loaded" (the new config is in force).
  std::string Reload(std::chrono::seconds timeout = std::chrono::seconds(20));

  std::uint16_t port() const { return port_; }
  // host:port, as Prometheus' static_configs and its instance label name it.
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Log() const { return process_ ? process_->Stderr() : ""; }

 private:
  std::unique_ptr<DaemonProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace lde::testing
