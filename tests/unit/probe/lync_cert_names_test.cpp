// Which names each endpoint of a Lync walk must carry, judged from the
// observations alone (no sockets): the reverse proxy and everything at its
// address and port, the Front End, web services elsewhere, per network.

#include "probe/lync_cert_names.h"

#include <gtest/gtest.h>

#include "model/budgets.h"
#include "support/certs/cert_specs.h"

namespace lde::probe {
namespace {

using model::Network;
using model::Role;
using Names = std::vector<std::string>;

constexpr char kProxy[] = "192.0.2.10";
constexpr char kWebElsewhere[] = "192.0.2.20";
constexpr char kFrontEnd[] = "10.0.0.10";

model::Der Leaf(const Names& dns_names) {
  testing::CertSpec spec = testing::LeafSpec("leaf.test");
  spec.dns_names = dns_names;
  return testing::MintSelfSigned(spec).der;
}

// An endpoint that completed its handshake and presented `leaf`.
model::EndpointReport Endpoint(Network network, Role role, const std::string& host,
                               const std::string& address, const model::Der& leaf) {
  model::EndpointReport e;
  e.network = network;
  e.role = role;
  e.endpoint = {host, address, 443};
  e.tls = model::TlsObservation{};
  e.tls->presented_chain = {leaf};
  e.chain = model::ChainReport{};
  return e;
}

model::NetworkReport Walked(Network network, const std::string& user_host) {
  model::NetworkReport n;
  n.network = network;
  n.links = {{"self", "https://pool01.contoso.com/Autodiscover/AutodiscoverService.svc/root"},
             {"user", "https://" + user_host + "/Autodiscover/AutodiscoverService.svc/root/oauth/user"},
             {"xframe", "https://xframe.contoso.com/Autodiscover/XFrame/XFrame.html"}};
  return n;
}

config::DeploymentConfig Deployment(Names sip_domains) {
  config::DeploymentConfig d;
  d.domain = "contoso.com";
  d.name = "contoso";
  d.sip_domains = std::move(sip_domains);
  return d;
}

TEST(SipDomainsOfTest, TheDomainComesFirstAndOnce) {
  EXPECT_EQ(SipDomainsOf(Deployment({})), (Names{"contoso.com"}));
  EXPECT_EQ(SipDomainsOf(Deployment({"fabrikam.com", "contoso.com"})),
            (Names{"contoso.com", "fabrikam.com"}));
}

TEST(JudgeCertificateNamesTest, ProxyCertificateLackingAnotherSipDomainIsReportedOnEveryEndpointItServes) {
  // One listener answers lyncdiscover.contoso.com and the web services; its
  // certificate forgot fabrikam.com, which the same proxy serves.
  const model::Der rp = Leaf({"webext.contoso.com", "lyncdiscover.contoso.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kExternal, "webext.contoso.com")};
  result.endpoints = {
      Endpoint(Network::kExternal, Role::kDiscoveryExternal, "lyncdiscover.contoso.com", kProxy, rp),
      Endpoint(Network::kExternal, Role::kWebExternal, "webext.contoso.com", kProxy, rp)};
  JudgeCertificateNames(Deployment({"contoso.com", "fabrikam.com"}), result);

  for (const auto& e : result.endpoints) {
    SCOPED_TRACE(e.endpoint.host);
    ASSERT_TRUE(e.san);
    EXPECT_EQ(e.san->judged_as, Role::kDiscoveryExternal);
    EXPECT_EQ(e.san->required,
              (Names{"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com"}));
    EXPECT_EQ(e.san->missing, (Names{"lyncdiscover.fabrikam.com"}));
    EXPECT_EQ(e.san->names_dropped, 0u);
  }
}

TEST(JudgeCertificateNamesTest, WebServicesOnAnotherListenerNeedOnlyTheirName) {
  const model::Der rp = Leaf({"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"});
  const model::Der web = Leaf({"webext.contoso.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kExternal, "webext.contoso.com")};
  result.endpoints = {
      Endpoint(Network::kExternal, Role::kDiscoveryExternal, "lyncdiscover.contoso.com", kProxy, rp),
      Endpoint(Network::kExternal, Role::kWebExternal, "webext.contoso.com", kWebElsewhere, web)};
  JudgeCertificateNames(Deployment({"fabrikam.com"}), result);

  ASSERT_TRUE(result.endpoints[0].san);
  // Not serving the document's web services name, the proxy is not asked for it.
  EXPECT_EQ(result.endpoints[0].san->required,
            (Names{"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"}));
  EXPECT_TRUE(result.endpoints[0].san->missing.empty());
  ASSERT_TRUE(result.endpoints[1].san);
  EXPECT_EQ(result.endpoints[1].san->judged_as, Role::kWebExternal);
  EXPECT_EQ(result.endpoints[1].san->required, (Names{"webext.contoso.com"}));
  EXPECT_TRUE(result.endpoints[1].san->missing.empty());
}

TEST(JudgeCertificateNamesTest, FrontEndNeedsBothDiscoveryNamesOfEverySipDomain) {
  // A wildcard covers contoso.com; fabrikam.com has only its internal name.
  const model::Der fe = Leaf({"pool01.contoso.com", "*.contoso.com", "lyncdiscoverinternal.fabrikam.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kInternal, "webext.contoso.com")};
  result.endpoints = {Endpoint(Network::kInternal, Role::kDiscoveryInternal,
                               "lyncdiscoverinternal.contoso.com", kFrontEnd, fe)};
  JudgeCertificateNames(Deployment({"contoso.com", "fabrikam.com"}), result);

  ASSERT_TRUE(result.endpoints[0].san);
  EXPECT_EQ(result.endpoints[0].san->judged_as, Role::kDiscoveryInternal);
  EXPECT_EQ(result.endpoints[0].san->required,
            (Names{"lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com",
                   "lyncdiscoverinternal.fabrikam.com", "lyncdiscover.fabrikam.com"}));
  EXPECT_EQ(result.endpoints[0].san->missing, (Names{"lyncdiscover.fabrikam.com"}));
}

TEST(JudgeCertificateNamesTest, InternalWalkThatReachedLyncdiscoverJudgesTheProxyThereToo) {
  const model::Der rp = Leaf({"webext.contoso.com", "lyncdiscover.contoso.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kInternal, "webext.contoso.com")};
  result.endpoints = {
      Endpoint(Network::kInternal, Role::kDiscoveryExternal, "lyncdiscover.contoso.com", kProxy, rp),
      Endpoint(Network::kInternal, Role::kWebExternal, "webext.contoso.com", kProxy, rp)};
  JudgeCertificateNames(Deployment({"fabrikam.com"}), result);

  for (const auto& e : result.endpoints) {
    ASSERT_TRUE(e.san);
    EXPECT_EQ(e.san->judged_as, Role::kDiscoveryExternal);
    EXPECT_EQ(e.san->missing, (Names{"lyncdiscover.fabrikam.com"}));
  }
}

TEST(JudgeCertificateNamesTest, TheProxyOfOneNetworkDoesNotJudgeTheOther) {
  // Inside, the walk used the Front End and never asked lyncdiscover: the
  // web services there are judged for their own name only, though the same
  // proxy was met from outside.
  const model::Der rp = Leaf({"webext.contoso.com", "lyncdiscover.contoso.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kInternal, "webext.contoso.com"),
                     Walked(Network::kExternal, "webext.contoso.com")};
  result.endpoints = {
      Endpoint(Network::kInternal, Role::kWebExternal, "webext.contoso.com", kProxy, rp),
      Endpoint(Network::kExternal, Role::kDiscoveryExternal, "lyncdiscover.contoso.com", kProxy, rp)};
  JudgeCertificateNames(Deployment({"fabrikam.com"}), result);

  ASSERT_TRUE(result.endpoints[0].san);
  EXPECT_EQ(result.endpoints[0].san->judged_as, Role::kWebExternal);
  EXPECT_TRUE(result.endpoints[0].san->missing.empty());
  ASSERT_TRUE(result.endpoints[1].san);
  EXPECT_EQ(result.endpoints[1].san->missing, (Names{"lyncdiscover.fabrikam.com"}));
}

TEST(JudgeCertificateNamesTest, EndpointsWithoutACertificateOrANameDutyAreNotJudged) {
  const model::Der leaf = Leaf({"login.contoso.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kExternal, "webext.contoso.com")};
  auto no_handshake =
      Endpoint(Network::kExternal, Role::kDiscoveryExternal, "lyncdiscover.contoso.com", kProxy, leaf);
  no_handshake.chain.reset();
  no_handshake.tls.reset();
  result.endpoints = {no_handshake,
                      Endpoint(Network::kExternal, Role::kOAuth, "login.contoso.com", kWebElsewhere, leaf)};
  JudgeCertificateNames(Deployment({"fabrikam.com"}), result);

  EXPECT_FALSE(result.endpoints[0].san);
  EXPECT_FALSE(result.endpoints[1].san);
}

TEST(JudgeCertificateNamesTest, RequiredNamesAreBounded) {
  // A hand-built config can bypass the loader's bound on SIP domains; the
  // judged list still stops at the budget and counts the rest.
  Names domains;
  for (int i = 0; i < 60; ++i) domains.push_back("d" + std::to_string(i) + ".example");
  const model::Der fe = Leaf({"lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com"});
  model::ProbeResult result;
  result.networks = {Walked(Network::kInternal, "webext.contoso.com")};
  result.endpoints = {Endpoint(Network::kInternal, Role::kDiscoveryInternal,
                               "lyncdiscoverinternal.contoso.com", kFrontEnd, fe)};
  JudgeCertificateNames(Deployment(domains), result);

  ASSERT_TRUE(result.endpoints[0].san);
  const auto& san = *result.endpoints[0].san;
  EXPECT_EQ(san.required.size(), model::budget::kRequiredNames.value);
  EXPECT_EQ(san.names_dropped, 2 * 61 - model::budget::kRequiredNames.value);
  EXPECT_EQ(san.missing.size(), model::budget::kRequiredNames.value - 2);
}

}  // namespace
}  // namespace lde::probe
