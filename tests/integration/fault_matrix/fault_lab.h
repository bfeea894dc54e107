#pragma once

// The fault matrix's world: one hostile server per row of the matrix, a
// healthy https target and a healthy Lync deployment beside them, the DNS
// servers they need (dnsmasq with the Lync names and 4,000 A records for one
// name; a server answering with a CNAME loop), all on 127.0.0.0/8, and a
// config naming every one of them as a target of the daemon. Built once per
// test binary: minting certificates and starting servers is the slow part.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/certs/cert_factory.h"
#include "support/dns/cname_loop_server.h"
#include "support/dns/dnsmasq_server.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {

// What a row's probe must end with: `step` and `reason` of its
// lyncdiscover_probe_failure_info (plain targets) or of the phone profile's
// lyncdiscover_signin_failure_info (Lync rows); both empty when the hostile
// input must not fail the probe (it is bounded instead).
struct FaultRow {
  std::string target;  // the `target` label
  std::string step;
  std::string reason;
};

class FaultLab {
 public:
  // Probe timeout of every target; each probe must end within it + 0.5 s.
  static constexpr std::chrono::seconds kTimeout{2};
  static constexpr std::chrono::seconds kInterval{5};
  static constexpr int kManyAddresses = 4000;
  static constexpr const char* kHealthyTarget = "healthy-https";
  static constexpr const char* kHealthyLync = "healthy-lync";
  static constexpr const char* kPhoneProfile = "phone";

  // Throws std::runtime_error when a server cannot start (dnsmasq missing...).
  FaultLab();
  ~FaultLab();
  FaultLab(const FaultLab&) = delete;
  FaultLab& operator=(const FaultLab&) = delete;

  // Writes the daemon's config (every row and both healthy targets) and
  // returns its path.
  std::string WriteConfig(const std::string& file_name) const;
  // The row of `target`, or null.
  const FaultRow* Row(const std::string& target) const;
  bool IsLync(const std::string& target) const;
  // Every target name, healthy ones included.
  std::vector<std::string> AllTargets() const;
  const std::string& dir() const { return dir_; }

 private:
  struct PlainTarget {
    FaultRow row;
    std::string url;
    std::string resolver;  // "" = none (IP literal)
  };
  struct LyncDeployment {
    FaultRow row;
    std::string domain;
    std::uint16_t port = 0;
  };

  void AddPlain(FaultRow row, TlsTestServerOptions options, const std::string& host = "127.0.0.1",
                const std::string& resolver = "");
  void AddLync(FaultRow row, const std::string& label, HttpHandler handler);
  TlsTestServerOptions Tls(TlsTestServerOptions options) const;
  TlsTestServerOptions Tls(TlsTestServerOptions options, const MintedCert& leaf,
                           bool with_intermediate) const;

  std::string dir_;
  MintedCert root_, intermediate_, leaf_;
  std::vector<std::unique_ptr<TlsTestServer>> servers_;
  std::unique_ptr<DnsmasqServer> dnsmasq_;
  std::unique_ptr<CnameLoopServer> cname_loop_;
  std::vector<PlainTarget> plain_;
  std::vector<LyncDeployment> lync_;
};

}  // namespace lde::testing
