// URLs that remote servers name (redirects, discovery links, AIA caIssuers,
// CRL distribution points) never send the probe to link-local or cloud
// metadata addresses, nor to loopback unless the server that named them is on
// loopback itself: through the real probe path, with servers on 127.0.0.2 and
// 127.0.0.3 and a resolver that points names wherever the test says.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dns/resolver.h"
#include "dns/resolver_set.h"
#include "dns/static_resolver.h"
#include "probe/endpoint_check.h"
#include "probe/issuer_fetch.h"
#include "probe/lync_flow.h"
#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"

namespace lde::probe {
namespace {

using lde::testing::CertSpec;
using lde::testing::MintedCert;
using lde::testing::MintSigned;
using lde::testing::TlsTestServer;
using lde::testing::TlsTestServerOptions;
using std::chrono::seconds;

constexpr char kDomain[] = "contoso.test";
constexpr char kDiscoveryHost[] = "lyncdiscover.contoso.test";

std::string JsonResponse(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string DerResponse(const model::Der& der) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: " +
         std::to_string(der.size()) + "\r\nConnection: close\r\n\r\n" + std::string(der.begin(), der.end());
}

std::string RequestTarget(const std::string& raw) {
  auto first_space = raw.find(' ');
  auto second_space = raw.find(' ', first_space + 1);
  return raw.substr(first_space + 1, second_space - first_space - 1);
}

class AddressRefusalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<MintedCert> cas = lde::testing::MintCaChain("Refusal", 1);
    root_ = cas[0];
    intermediate_ = cas[1];
    auto store = x509::TrustStore::FromPem("enterprise", root_.pem);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = store.value();

    config_ = std::make_shared<config::Config>();
    env_.config = config_;
    env_.resolvers = std::make_shared<const dns::ResolverSet>(dns::ResolverSet(
        std::make_unique<dns::StaticResolver>("system",
                                              dns::StaticResolver::Table{
                                                  {kDiscoveryHost, {"127.0.0.2"}},
                                                  {"web.contoso.test", {"127.0.0.3"}},
                                                  {"meta.contoso.test", {"169.254.169.254"}},
                                                  {"meta6.contoso.test", {"fd00:ec2::254"}},
                                                  {"linklocal.contoso.test", {"169.254.10.20"}},
                                              }),
        {}));
    env_.issuers = std::make_shared<FetchCache>();
    env_.crls = std::make_shared<FetchCache>();
    env_.ocsp = std::make_shared<FetchCache>();
    env_.clock = &clock_;
  }

  // A leaf for every name the tests dial, issued by the intermediate.
  MintedCert Leaf(std::vector<std::string> ca_issuer_urls = {},
                  std::vector<std::string> crl_urls = {}) const {
    CertSpec leaf;
    leaf.common_name = kDiscoveryHost;
    leaf.dns_names = {kDiscoveryHost, "web.contoso.test"};
    leaf.ca_issuer_urls = std::move(ca_issuer_urls);
    leaf.crl_urls = std::move(crl_urls);
    return MintSigned(leaf, intermediate_);
  }

  std::unique_ptr<TlsTestServer> Https(const std::string& address, const std::string& chain_pem,
                                       const std::string& key_pem,
                                       lde::testing::HttpHandler handler = {}) const {
    TlsTestServerOptions options;
    options.bind_address = address;
    options.cert_chain_pem = chain_pem;
    options.key_pem = key_pem;
    options.handler = std::move(handler);
    return std::make_unique<TlsTestServer>(options);
  }

  model::EndpointReport Check(const std::string& address, std::uint16_t port,
                              std::optional<std::string> link_source = std::nullopt) const {
    EndpointCheckSpec spec;
    spec.endpoint = model::Endpoint{kDiscoveryHost, address, port};
    spec.sni = kDiscoveryHost;
    spec.expected_host = kDiscoveryHost;
    spec.stores = {store_};
    spec.link_source = std::move(link_source);
    http_client::HttpRequest request;
    request.host_header = kDiscoveryHost;
    spec.request = request;
    return CheckEndpoint(spec, env_, Deadline::After(clock_, seconds(10)));
  }

  NetworkObservation Walk(std::uint16_t discovery_port, model::ProbeResult& result) const {
    config::DeploymentConfig deployment;
    deployment.domain = kDomain;
    deployment.name = kDomain;
    deployment.external.enabled = true;
    deployment.external.port = discovery_port;
    return ObserveNetwork(deployment, model::Network::kExternal, {store_}, env_,
                          Deadline::After(clock_, seconds(20)), result);
  }

  SystemClock clock_;
  std::shared_ptr<config::Config> config_;
  MintedCert root_, intermediate_;
  std::shared_ptr<const x509::TrustStore> store_;
  ProbeEnv env_;
};

TEST_F(AddressRefusalTest, RedirectToMetadataIsRefusedWithItsReason) {
  // The root document redirects to a name that DNS points at 169.254.169.254.
  const std::string redirect = R"({"_links":{"self":{"href":"https://lyncdiscover.contoso.test/"},)"
                               R"("redirect":{"href":"https://meta.contoso.test/latest/meta-data/"}}})";
  MintedCert leaf = Leaf();
  auto server = Https("127.0.0.2", leaf.pem + intermediate_.pem, leaf.key_pem,
                      [&](const std::string&) { return JsonResponse(redirect); });
  model::ProbeResult result;
  NetworkObservation observed = Walk(server->port(), result);
  ASSERT_EQ(observed.hops.size(), 2u);
  EXPECT_FALSE(observed.hops[0].failure) << observed.hops[0].failure->detail;
  ASSERT_TRUE(observed.hops[1].failure);
  EXPECT_EQ(observed.hops[1].stage, model::Stage::kRedirect);
  EXPECT_EQ(observed.hops[1].failure->step, model::Step::kRedirectConnect);
  EXPECT_EQ(observed.hops[1].failure->reason, model::Reason::kAddressRefused);
  EXPECT_NE(observed.hops[1].failure->detail.find(
                "refused 169.254.169.254 (cloud metadata), named by the server at 127.0.0.2"),
            std::string::npos)
      << observed.hops[1].failure->detail;
}

TEST_F(AddressRefusalTest, RedirectBetweenLoopbackServersIsFollowedAndItsUserLinkToLinkLocalRefused) {
  // 127.0.0.2 redirects to web.contoso.test (127.0.0.3): loopback from
  // loopback, as in the lab, is followed. The document there names a user
  // link on a link-local address, which is not.
  MintedCert leaf = Leaf();
  auto web = Https("127.0.0.3", leaf.pem + intermediate_.pem, leaf.key_pem, [](const std::string&) {
    return JsonResponse(R"({"_links":{"self":{"href":"https://web.contoso.test/root"},)"
                        R"("user":{"href":"https://linklocal.contoso.test/ucwa/user"}}})");
  });
  const std::string redirect = R"({"_links":{"self":{"href":"https://lyncdiscover.contoso.test/"},)"
                               R"("redirect":{"href":"https://web.contoso.test:)" +
                               std::to_string(web->port()) + R"(/root"}}})";
  auto discovery = Https("127.0.0.2", leaf.pem + intermediate_.pem, leaf.key_pem,
                         [&](const std::string&) { return JsonResponse(redirect); });
  model::ProbeResult result;
  NetworkObservation observed = Walk(discovery->port(), result);
  ASSERT_EQ(observed.hops.size(), 3u);
  EXPECT_FALSE(observed.hops[1].failure) << observed.hops[1].failure->detail;
  ASSERT_FALSE(web->requests().empty());
  EXPECT_EQ(RequestTarget(web->requests().front()), "/root");
  EXPECT_TRUE(observed.report.discovery_success);
  ASSERT_TRUE(observed.hops[2].failure);
  EXPECT_EQ(observed.hops[2].failure->step, model::Step::kWebConnect);
  EXPECT_EQ(observed.hops[2].failure->reason, model::Reason::kAddressRefused);
  EXPECT_NE(
      observed.hops[2].failure->detail.find("169.254.10.20 (link-local), named by the server at 127.0.0.3"),
      std::string::npos)
      << observed.hops[2].failure->detail;
}

TEST_F(AddressRefusalTest, LinkedLoopbackFromANonLoopbackServerIsRefusedBeforeConnecting) {
  // As if a server at 203.0.113.5 had redirected to 127.0.0.2: nothing is
  // connected, so the probe host's own services are never reached.
  MintedCert leaf = Leaf();
  auto local = Https("127.0.0.2", leaf.pem + intermediate_.pem, leaf.key_pem);
  model::EndpointReport refused = Check("127.0.0.2", local->port(), "203.0.113.5");
  ASSERT_TRUE(refused.failure);
  EXPECT_EQ(refused.failure->step, model::Step::kConnect);
  EXPECT_EQ(refused.failure->reason, model::Reason::kAddressRefused);
  EXPECT_EQ(refused.failure->detail,
            "refused 127.0.0.2 (loopback), named by the server at 203.0.113.5, which is not on loopback");
  EXPECT_EQ(local->accepted_connections(), 0);

  // Named by a loopback server, or by the config (no source): connected.
  model::EndpointReport allowed = Check("127.0.0.2", local->port(), "127.0.0.3");
  EXPECT_FALSE(allowed.failure) << allowed.failure->detail;
  model::EndpointReport configured = Check("127.0.0.2", local->port());
  EXPECT_FALSE(configured.failure) << configured.failure->detail;
  EXPECT_EQ(local->accepted_connections(), 2);
}

TEST_F(AddressRefusalTest, CrlDistributionPointsOnMetadataAddressesAreRefused) {
  MintedCert leaf =
      Leaf({}, {"http://meta.contoso.test/latest/meta-data/iam", "http://meta6.contoso.test/x.crl"});
  auto server = Https("127.0.0.2", leaf.pem + intermediate_.pem, leaf.key_pem);
  model::EndpointReport report = Check("127.0.0.2", server->port());
  ASSERT_TRUE(report.chain);
  ASSERT_FALSE(report.chain->crl.empty());
  EXPECT_EQ(report.chain->crl[0].status, model::CrlStatus::kUnavailable);
  EXPECT_EQ(report.chain->crl[0].detail,
            "address_refused: refused 169.254.169.254 (cloud metadata), named by the server at 127.0.0.2");
  // A refusal is not cached: it depends on who named the URL.
  EXPECT_FALSE(env_.crls->Find("http://meta.contoso.test/latest/meta-data/iam", clock_.SteadyNow()));
}

TEST_F(AddressRefusalTest, OcspRespondersOnMetadataAddressesAreNeverAsked) {
  CertSpec spec;
  spec.common_name = kDiscoveryHost;
  spec.dns_names = {kDiscoveryHost};
  spec.ocsp_urls = {"http://meta.contoso.test/latest/meta-data/iam"};
  MintedCert leaf = MintSigned(spec, intermediate_);
  auto server = Https("127.0.0.2", leaf.pem + intermediate_.pem, leaf.key_pem);
  model::EndpointReport report = Check("127.0.0.2", server->port());
  ASSERT_TRUE(report.chain);
  ASSERT_FALSE(report.chain->ocsp.empty());
  EXPECT_EQ(report.chain->ocsp[0].status, model::OcspStatus::kUnavailable);
  EXPECT_EQ(report.chain->ocsp[0].detail,
            "address_refused: refused 169.254.169.254 (cloud metadata), named by the server at 127.0.0.2");
  EXPECT_TRUE(TrustedByAny(*report.chain));
  EXPECT_EQ(report.chain->revocation_urls,
            (std::vector<model::RevocationUrlReport>{
                {0, model::RevocationUrlKind::kOcsp, spec.ocsp_urls[0], false}}));
  // A refusal is not cached: it depends on who named the URL.
  EXPECT_EQ(env_.ocsp->size(), 0u);
}

TEST_F(AddressRefusalTest, AiaIssuerOnLoopbackIsFetchedOnlyForALoopbackServer) {
  TlsTestServerOptions plain;
  plain.tls = false;
  plain.handler = [&](const std::string&) { return DerResponse(intermediate_.der); };
  TlsTestServer aia(plain);  // 127.0.0.1
  const std::string url = "http://127.0.0.1:" + std::to_string(aia.port()) + "/issuing.crt";
  model::ChainReport chain;
  chain.certs.push_back(model::CertFacts{});
  chain.certs.back().Edit([&](model::CertFacts& f) { f.ca_issuer_urls = {url}; });
  const Deadline deadline = Deadline::After(clock_, seconds(5));

  IssuerFetch refused = FetchMissingIssuers(chain, "", "203.0.113.5", env_, deadline);
  EXPECT_TRUE(refused.certs.empty());
  EXPECT_EQ(refused.report.status, model::IssuerFetchStatus::kAddressRefused);
  EXPECT_EQ(refused.report.url, url);
  EXPECT_EQ(
      refused.report.detail,
      "address_refused: refused 127.0.0.1 (loopback), named by the server at 203.0.113.5, which is not on "
      "loopback");
  EXPECT_EQ(aia.accepted_connections(), 0);

  // Through the probe: a server on 127.0.0.2 that leaves its intermediate out
  // gets it from its AIA URL on 127.0.0.1, so the verdict tells the missing
  // intermediate from an unknown root.
  MintedCert leaf = Leaf({url});
  auto server = Https("127.0.0.2", leaf.pem, leaf.key_pem);
  model::EndpointReport report = Check("127.0.0.2", server->port());
  ASSERT_TRUE(report.chain);
  ASSERT_EQ(report.chain->trust.size(), 1u);
  EXPECT_EQ(report.chain->trust[0].reason, model::TrustReason::kIncompleteChain)
      << report.chain->trust[0].detail;
  ASSERT_TRUE(report.issuer_fetch);
  EXPECT_EQ(report.issuer_fetch->status, model::IssuerFetchStatus::kFetched);
  EXPECT_EQ(aia.accepted_connections(), 1);
}

// An AIA fetch that gives no issuer says why, so an `unknown_issuer` caused
// by a broken AIA server is told apart; a cached failure says the same.
TEST_F(AddressRefusalTest, AiaFetchFailuresAreReportedAndCachedWithTheirStatus) {
  TlsTestServerOptions junk_options;
  junk_options.tls = false;
  junk_options.handler = [](const std::string&) { return DerResponse(model::Der{'j', 'u', 'n', 'k'}); };
  TlsTestServer junk(junk_options);
  TlsTestServerOptions missing_options;
  missing_options.tls = false;
  missing_options.handler = [](const std::string&) {
    return std::string("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  };
  TlsTestServer missing(missing_options);
  auto chain_naming = [](std::vector<std::string> urls) {
    model::ChainReport chain;
    chain.certs.push_back(model::CertFacts{});
    chain.certs.back().Edit([&](model::CertFacts& f) { f.ca_issuer_urls = std::move(urls); });
    return chain;
  };
  const std::string junk_url = "http://127.0.0.1:" + std::to_string(junk.port()) + "/junk.crt";
  const std::string missing_url = "http://127.0.0.1:" + std::to_string(missing.port()) + "/gone.crt";
  const Deadline deadline = Deadline::After(clock_, seconds(5));

  IssuerFetch invalid = FetchMissingIssuers(chain_naming({junk_url}), "", "127.0.0.2", env_, deadline);
  EXPECT_TRUE(invalid.certs.empty());
  EXPECT_EQ(invalid.report.status, model::IssuerFetchStatus::kInvalid);
  EXPECT_EQ(invalid.report.url, junk_url);
  EXPECT_TRUE(invalid.report.detail.starts_with("certificate_parse: ")) << invalid.report.detail;
  IssuerFetch cached = FetchMissingIssuers(chain_naming({junk_url}), "", "127.0.0.2", env_, deadline);
  EXPECT_EQ(cached.report, invalid.report);
  EXPECT_EQ(junk.accepted_connections(), 1);

  IssuerFetch unavailable = FetchMissingIssuers(chain_naming({missing_url}), "", "127.0.0.2", env_, deadline);
  EXPECT_EQ(unavailable.report.status, model::IssuerFetchStatus::kUnavailable);
  EXPECT_EQ(unavailable.report.detail, "http_status: HTTP 404");

  IssuerFetch none = FetchMissingIssuers(chain_naming({}), "", "127.0.0.2", env_, deadline);
  EXPECT_EQ(none.report.status, model::IssuerFetchStatus::kNoUrl);
  EXPECT_TRUE(none.report.url.empty());
}

}  // namespace
}  // namespace lde::probe
