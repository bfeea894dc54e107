#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/daemon/daemon_process.h"

namespace lde::testing {

// Starts lab/lab.sh with some scenarios, then (unless told not to) the
// built daemon on the config the lab writes (on 127.0.0.1, an ephemeral
// port, debug logs), and waits until every target named has finished a
// probe. Stop (or the destructor) stops the daemon with SIGTERM and the lab.
// Not copyable.
class LabFixture {
 public:
  struct Spec {
    std::string scenarios = "all";     // lab.sh --scenarios: "all" or "a,b"
    std::string dir;                   // lab.sh --dir: where its files and servers live
    std::vector<std::string> targets;  // wait for a finished probe of each
    std::chrono::seconds probe_wait{60};
    // false: only the lab; the test runs its own daemons on config_file().
    bool start_daemon = true;
  };

  LabFixture() = default;
  ~LabFixture() { Stop(); }
  LabFixture(const LabFixture&) = delete;
  LabFixture& operator=(const LabFixture&) = delete;

  // "" when the lab and the daemon run and every target has a result; else
  // what went wrong (with the lab's or the daemon's output).
  std::string Start(const Spec& spec);
  void Stop();

  std::uint16_t port() const { return port_; }
  // The daemon config lab.sh wrote for the started scenarios.
  std::string config_file() const { return dir_ + "/lyncdiscover_exporter.yml"; }
  DaemonProcess& daemon() { return *daemon_; }

 private:
  std::string dir_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::uint16_t port_ = 0;
  bool lab_started_ = false;
};

// "<scenario>.lab.test", the deployment (target) name of a scenario.
std::string LabDomain(const std::string& scenario);
// The plain targets the lab config adds along with the healthy scenario.
std::vector<std::string> LabPlainTargets();

}  // namespace lde::testing
