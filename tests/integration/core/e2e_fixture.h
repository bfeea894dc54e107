#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {

// Two PKIs (a public CA and an enterprise CA) and four local servers: an
// enterprise-CA chain, a public-CA HTTPS site, a server that accepts and
// never speaks, and one that answers with garbage. Writes the root PEMs and
// config files into a fresh temporary directory.
class CoreLab {
 public:
  CoreLab();
  ~CoreLab();

  // A config with every target (stalled and garbage included).
  std::string WriteFullConfig(const std::string& file_name) const;
  // A config with only the two healthy targets.
  std::string WriteHealthyConfig(const std::string& file_name) const;
  // For GET /probe: every target of the full config plus `extra_stalled`
  // more against the stalling server (stalled-1, stalled-2, ...), probed on
  // a schedule so long (24h, first runs spread over it) that the scheduler
  // all but never runs one while a test looks, with this timeout.
  std::string WriteOnDemandConfig(const std::string& file_name, std::chrono::seconds timeout,
                                  int extra_stalled) const;
  std::string WriteFile(const std::string& name, const std::string& text) const;
  const std::string& dir() const { return dir_; }
  // Connections each server has accepted so far: one per probe run.
  int corp_connections() const { return corp_server_->accepted_connections(); }
  int stall_connections() const { return stall_server_->accepted_connections(); }

  static constexpr std::chrono::seconds kTimeout{2};

 private:
  std::string Header(const std::string& interval = "3s", std::chrono::seconds timeout = kTimeout) const;
  std::string StalledTarget(const std::string& name) const;
  std::string CorpTarget() const;
  std::string PublicTarget() const;

  std::string dir_;
  TestPki enterprise_, public_;
  std::unique_ptr<TlsTestServer> corp_server_, public_server_, stall_server_, garbage_server_;
};

// The daemon binary under test (set by CMake).
inline std::string DaemonBinary() { return LDE_DAEMON_BINARY; }

}  // namespace lde::testing
