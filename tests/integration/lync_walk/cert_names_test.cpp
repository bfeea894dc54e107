// A reverse proxy that serves two SIP domains with a certificate that names
// lyncdiscover for one of them only: the walk of the deployment's own domain
// is ready on both networks, and the name the other domain's phones would
// dial is reported on every endpoint of that proxy, not on the Front End,
// which carries both.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

using Names = std::vector<std::string>;

constexpr char kOtherDomain[] = "fabrikam.test";

const Outcomes kAllReady = {{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}};

using CertNamesTest = LyncWalkTest;

TEST_F(CertNamesTest, ProxyCertificateLackingAnotherSipDomainIsReportedWithoutChangingReadiness) {
  deployment_.sip_domains = {kDomain, kOtherDomain};
  // The web services live on the reverse proxy's listener, as in most
  // deployments: one address, one certificate for lyncdiscover and webext.
  external_dns_[kWebHost] = {kProxyAddress};
  internal_dns_[kWebHost] = {kProxyAddress};
  auto root = RootDocumentHandler();
  auto user = HealthyUserHandler();
  Site proxy{kProxyAddress, kExternalName, false, [root, user](const std::string& raw) {
               return RequestTarget(raw).rfind(kUserPath, 0) == 0 ? user(raw) : root(raw);
             }};
  proxy.extra_names = {kWebHost};  // no lyncdiscover.fabrikam.test
  Site front_end{kFrontEndAddress, kInternalName, false, RootDocumentHandler()};
  front_end.extra_names = {kExternalName, "lyncdiscoverinternal.fabrikam.test", "lyncdiscover.fabrikam.test"};
  Start({front_end, proxy, Site{kOAuthAddress, kOAuthHost, false, {}}});
  model::ProbeResult result = Probe();

  // Readiness: the phones of contoso.test sign in everywhere.
  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    ASSERT_TRUE(network);
    EXPECT_EQ(VerdictOutcomes(*network), kAllReady) << name;
  }
  EXPECT_TRUE(result.success);

  // Outside: both endpoints of the proxy lack the other domain's name.
  const Names proxy_names = {kExternalName, "lyncdiscover.fabrikam.test", kWebHost};
  for (const char* role : {"discovery_external", "web_external"}) {
    SCOPED_TRACE(role);
    auto endpoints = EndpointsWithRole(result, "external", role);
    ASSERT_EQ(endpoints.size(), 1u);
    EXPECT_EQ(endpoints[0]->endpoint.address, kProxyAddress);
    ASSERT_TRUE(endpoints[0]->chain);
    EXPECT_TRUE(endpoints[0]->chain->hostname_match);  // its own name is there
    ASSERT_TRUE(endpoints[0]->san);
    EXPECT_EQ(endpoints[0]->san->judged_as, model::Role::kDiscoveryExternal);
    EXPECT_EQ(endpoints[0]->san->required, proxy_names);
    EXPECT_EQ(endpoints[0]->san->missing, (Names{"lyncdiscover.fabrikam.test"}));
  }

  // Inside: the Front End carries every name; the walk never asked
  // lyncdiscover there, so the web services are judged for their own name.
  auto front = EndpointsWithRole(result, "internal", "discovery_internal");
  ASSERT_EQ(front.size(), 1u);
  ASSERT_TRUE(front[0]->san);
  EXPECT_EQ(front[0]->san->judged_as, model::Role::kDiscoveryInternal);
  EXPECT_EQ(front[0]->san->required.size(), 4u);
  EXPECT_TRUE(front[0]->san->missing.empty());
  auto web_inside = EndpointsWithRole(result, "internal", "web_external");
  ASSERT_EQ(web_inside.size(), 1u);
  ASSERT_TRUE(web_inside[0]->san);
  EXPECT_EQ(web_inside[0]->san->judged_as, model::Role::kWebExternal);
  EXPECT_TRUE(web_inside[0]->san->missing.empty());

  // The token host has no name duty.
  for (const auto* oauth : EndpointsWithRole(result, "external", "oauth")) EXPECT_FALSE(oauth->san);

  // The probe's log says so, for /status.
  bool logged = false;
  for (const auto& line : result.log) {
    if (line.find("judged_as=discovery_external") != std::string::npos &&
        line.find("missing=lyncdiscover.fabrikam.test") != std::string::npos) {
      logged = true;
    }
  }
  EXPECT_TRUE(logged) << ::testing::PrintToString(result.log);
}

}  // namespace
}  // namespace lde::lyncwalk
