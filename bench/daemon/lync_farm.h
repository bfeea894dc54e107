#pragma once

// The Lync deployments daemon_load probes beside its targets (--deployments
// N): N SIP domains dNNNN.bench.test, each a pool as the lab simulates one
// (lab/lib/nginx.sh), on one loopback nginx: by SNI on one HTTPS port a
// distinct leaf per deployment (lyncdiscover, lyncdiscoverinternal and webext
// of its domain, issued by one shared intermediate), the discovery Root in
// JSON and XML, the user resource's 401 with both OAuth challenges; and on
// one plain-HTTP port the Redirect document to the HTTPS root. The names
// resolve through a dnsmasq view (load/dns_view.h).

#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "load/child_process.h"

namespace lde::bench {

struct LyncDeployment {
  std::string domain;     // d0042.bench.test: the deployment's name and SIP domain
  std::string chain_pem;  // leaf + the shared intermediate
  std::string key_pem;
};

struct LyncFarm {
  std::string root_pem;  // goes into the bench's enterprise store
  std::vector<LyncDeployment> deployments;
  double mint_seconds = 0;
};

// Throws std::runtime_error (the certificate factory) when OpenSSL cannot mint.
LyncFarm MintLyncFarm(int deployments, SysTime now);

// The SIP domain of deployment i.
std::string LyncDomain(int index);

struct LyncNginxPorts {
  std::uint16_t https = 0;
  std::uint16_t http = 0;
};

// nginx.conf for the deployments; chain_files[i]/key_files[i] hold
// deployment i's. Pure text, no I/O.
std::string LyncNginxConfig(const std::string& dir, const LyncNginxPorts& ports,
                            const std::vector<LyncDeployment>& deployments,
                            const std::vector<std::string>& chain_files,
                            const std::vector<std::string>& key_files);

class LyncNginx {
 public:
  // Writes certificates and config under dir/lync, starts nginx and waits
  // (10 s + 10 ms per deployment) until both ports accept. Error kConfig
  // naming the log when it does not come up.
  static Result<std::unique_ptr<LyncNginx>> Start(const std::string& nginx_path, const std::string& dir,
                                                  const std::vector<LyncDeployment>& deployments);

  const LyncNginxPorts& ports() const { return ports_; }
  void Stop() { child_->Stop(SIGTERM); }

 private:
  LyncNginx(LyncNginxPorts ports, ChildProcess child) : ports_(ports), child_(std::move(child)) {}

  LyncNginxPorts ports_;
  std::optional<ChildProcess> child_;
};

}  // namespace lde::bench
