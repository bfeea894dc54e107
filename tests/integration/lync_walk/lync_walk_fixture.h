#pragma once

// An in-process Lync deployment for the walk tests: TLS servers on 127.0.8.x
// standing in for the Front End (lyncdiscoverinternal), the reverse proxy
// (lyncdiscover and the external web services), a hybrid discovery host and
// the OAuth token host; two static DNS views (internal "corp" and the public
// one) pointing the names at them; a public and an enterprise CA; and the
// profiles the lab uses. Tests run ProbeDeployment, the function the daemon
// schedules for a deployment, and assert on the ProbeResult it returns.
//
// No sleeps: the servers listen before their constructors return and the
// probe's own deadline bounds every wait (global.timeout per network).

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "dns/static_resolver.h"
#include "integration/lync_walk/lync_responses.h"
#include "model/probe_result.h"
#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"
#include "x509/trust_store.h"

namespace lde::lyncwalk {

inline constexpr char kDomain[] = "contoso.test";
inline constexpr char kInternalName[] = "lyncdiscoverinternal.contoso.test";
inline constexpr char kExternalName[] = "lyncdiscover.contoso.test";
inline constexpr char kWebHost[] = "webext.contoso.test";     // the reverse proxy's web services
inline constexpr char kOAuthHost[] = "login.contoso.test";    // the MsRtcOAuth token endpoint
inline constexpr char kHybridHost[] = "webdir.contoso.test";  // where redirects lead
inline constexpr char kRootPath[] = "/Autodiscover/AutodiscoverService.svc/root";
inline constexpr char kUserPath[] = "/Autodiscover/AutodiscoverService.svc/root/oauth/user";

// Where each name lives. Distinct 127.0.8.x addresses keep these servers
// apart from other tests' 127.0.0.x ones when ctest runs in parallel.
inline constexpr char kFrontEndAddress[] = "127.0.8.1";
inline constexpr char kProxyAddress[] = "127.0.8.2";
inline constexpr char kWebAddress[] = "127.0.8.3";
inline constexpr char kOAuthAddress[] = "127.0.8.4";
inline constexpr char kHybridAddress[] = "127.0.8.5";
inline constexpr char kNobodyAddress[] = "127.0.8.9";     // nothing listens here
inline constexpr char kFrontEnd2Address[] = "127.0.8.6";  // a second Front End node

// One server of the deployment.
struct Site {
  std::string address;
  std::string host;         // the name its leaf certificate covers
  bool enterprise = false;  // leaf from the enterprise CA instead of the public one
  testing::HttpHandler handler;
  testing::ServerBehaviour behaviour = testing::ServerBehaviour::kServeHttp;
  std::vector<std::string> extra_names = {};  // SANs besides `host`
  bool expired = false;                       // leaf expired yesterday
  // A plain-HTTP server (no certificate) on the shared HTTP port: a
  // discovery name's port-80 leg.
  bool plain_http = false;
};

class LyncWalkTest : public ::testing::Test {
 protected:
  LyncWalkTest();

  // Starts every site on one shared port: a deployment network has a single
  // port for lyncdiscoverinternal and lyncdiscover, so servers on different
  // addresses must share it (retried on the rare clash with another test).
  void Start(const std::vector<Site>& sites);
  // The server started for `host`; fails the test if there is none.
  const testing::TlsTestServer& Server(const std::string& host) const;
  // The plain-HTTP server started for `host` (Site::plain_http).
  const testing::TlsTestServer& HttpServer(const std::string& host) const;
  std::uint16_t port() const { return port_.load(); }
  // The shared port of the plain-HTTP sites (0: none started).
  std::uint16_t http_port() const { return http_port_.load(); }

  // https://host:port/path on the shared port.
  std::string Url(const std::string& host, const std::string& path) const;

  // A pool's Root: the document (JSON or XML by Accept) naming itself and the
  // user resource on the reverse proxy's web services.
  testing::HttpHandler RootDocumentHandler() const;
  // A Root that only redirects to Url(host, path), both flavours. The URL is
  // built per request: the shared port is known only once the sites run.
  testing::HttpHandler RedirectHandler(std::string host, std::string path) const;
  // The user resource: 401 with these WWW-Authenticate lines.
  testing::HttpHandler ChallengeHandler(std::vector<std::string> www_authenticate) const;
  // A healthy one: Negotiate, then MsRtcOAuth naming the token endpoint on kOAuthHost.
  testing::HttpHandler HealthyUserHandler() const;
  std::string OAuthHref() const;

  // The usual servers: the Front End, the reverse proxy (discovery root and
  // web services on separate addresses) and the token host, all with public
  // certificates and healthy answers. Tests change one and start them.
  std::vector<Site> HealthySites() const;

  // ProbeDeployment over both networks with the DNS views as they stand.
  model::ProbeResult Probe();

  // Internal view ("corp", the internal network's resolver) and the public
  // view (the system resolver, the external network's). Both start with
  // every name; the public one without lyncdiscoverinternal.
  dns::StaticResolver::Table internal_dns_;
  dns::StaticResolver::Table external_dns_;
  config::DeploymentConfig deployment_;

 private:
  SystemClock clock_;  // real sockets, real time
  testing::MintedCert public_root_, enterprise_root_;
  std::shared_ptr<const x509::TrustStore> public_store_, enterprise_store_;
  std::shared_ptr<config::Config> config_;
  // Declared before the servers, so it outlives their handler threads.
  std::atomic<std::uint16_t> port_{0};
  std::atomic<std::uint16_t> http_port_{0};
  std::vector<std::unique_ptr<testing::TlsTestServer>> servers_;
  std::vector<std::string> server_hosts_;  // parallel to servers_
  std::vector<bool> server_plain_;         // parallel to servers_
};

// The report of one network; fails the test (and returns nullptr) when the
// probe did not walk it.
const model::NetworkReport* FindNetwork(const model::ProbeResult& result, const std::string& network);
// Every endpoint with this role on this network, in probe order (may be empty).
std::vector<const model::EndpointReport*> EndpointsWithRole(const model::ProbeResult& result,
                                                            const std::string& network,
                                                            const std::string& role);
// The lookup of `host` through the view named `resolver`, nullptr if none.
const model::DnsOutcome* FindDns(const model::ProbeResult& result, const std::string& host,
                                 const std::string& resolver);
// Profile → "ready" or "<step>/<reason>", for one compact assert per
// network; a verdict that is ready and failed at once reads "ready+<step>".
using Outcomes = std::map<std::string, std::string>;
Outcomes VerdictOutcomes(const model::NetworkReport& network);

}  // namespace lde::lyncwalk
