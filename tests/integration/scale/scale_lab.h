#pragma once

// What the sharding tests probe, all on 127.0.0.1: one TLS server (a public
// test CA's chain for www.scale.test) that every plain target points at under
// its own name, and a dnsmasq that resolves the Lync discovery names of the
// given SIP domains to that server, so each deployment is walked (and fails
// at discovery: the server is no Lync pool; a failed walk is a result all
// the same). The test owns a fresh temporary directory with the trust
// anchor and the exporter config. Set-up failures throw std::runtime_error.

#include <memory>
#include <string>
#include <vector>

#include "support/certs/cert_factory.h"
#include "support/dns/dnsmasq_server.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {

// The names both sharding tests configure: a first set, and the names a
// reload adds. Fixed, so the hashmod split is deterministic; chosen so that
// each shard of two gets some of each set.
struct ScaleNames {
  std::vector<std::string> targets = {"web-01", "web-02", "web-03", "web-04", "web-05",
                                      "web-06", "web-07", "web-08", "web-09", "web-10"};
  std::vector<std::string> deployments = {"alpha.scale.test", "bravo.scale.test", "charlie.scale.test",
                                          "delta.scale.test"};
  std::vector<std::string> new_targets = {"web-11", "web-12", "web-13", "web-14", "web-15", "web-16"};
  std::vector<std::string> new_deployments = {"echo.scale.test", "foxtrot.scale.test"};
};

class ScaleLab {
 public:
  // `domains`: every SIP domain any config of the test will name.
  explicit ScaleLab(const std::vector<std::string>& domains);
  ~ScaleLab();
  ScaleLab(const ScaleLab&) = delete;
  ScaleLab& operator=(const ScaleLab&) = delete;

  // (Re)writes config.yml: `targets` as tls:// targets and `deployments`
  // (SIP domains, also their names) probed on both networks, every
  // `interval`. Returns its path.
  std::string WriteConfig(const std::vector<std::string>& targets,
                          const std::vector<std::string>& deployments, const std::string& interval) const;
  const std::string& dir() const { return dir_; }
  std::string config_file() const { return dir_ + "/config.yml"; }

  // The budget of one probe in the configs written (per network for a
  // deployment), so tests know how long a round of probes may take.
  static constexpr int kTimeoutSeconds = 1;

 private:
  std::string dir_;
  TestPki pki_;
  std::unique_ptr<TlsTestServer> server_;
  std::unique_ptr<DnsmasqServer> dns_;
};

}  // namespace lde::testing
