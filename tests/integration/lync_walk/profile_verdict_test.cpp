// One walk, a verdict per device profile: the Lync 5.4 case, a Front End
// whose certificate comes from the enterprise CA. A phone whose MDM pushed
// that root signs in; an unmanaged one stops at the first hop; a pre-5.4
// client never looks.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

using ProfileVerdictTest = LyncWalkTest;

TEST_F(ProfileVerdictTest, EnterpriseFrontEndIsTrustedByManagedButNotUnmanaged) {
  auto sites = HealthySites();
  sites[0].enterprise = true;  // lyncdiscoverinternal's leaf
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(internal && external);
  EXPECT_EQ(VerdictOutcomes(*internal), (Outcomes{{"unmanaged", "discovery_tls/unknown_issuer"},
                                                  {"managed", "ready"},
                                                  {"legacy-5.3", "ready"}}));
  // The failure names the host that broke the walk.
  for (const auto& verdict : internal->verdicts) {
    if (verdict.profile != "unmanaged") continue;
    ASSERT_TRUE(verdict.failure);
    EXPECT_EQ(verdict.failure->detail.rfind(std::string(kInternalName) + ": public: ", 0), 0u)
        << verdict.failure->detail;
  }
  // The walk itself went on to the end: one observation, judged per profile.
  EXPECT_TRUE(internal->discovery_success);
  EXPECT_EQ(internal->discovery_host, kInternalName);
  EXPECT_TRUE(internal->oauth_challenge);
  // Outside, lyncdiscover has a public certificate: everyone is ready.
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}}));
  // A validating profile is not ready on one network: the deployment fails.
  EXPECT_FALSE(result.success);

  // The Front End's chain was judged against every store a profile names.
  auto front_end = EndpointsWithRole(result, "internal", "discovery_internal");
  ASSERT_EQ(front_end.size(), 1u);
  ASSERT_TRUE(front_end[0]->chain);
  const auto& trust = front_end[0]->chain->trust;
  ASSERT_EQ(trust.size(), 2u);
  EXPECT_EQ(trust[0].store, "public");
  EXPECT_EQ(trust[0].reason, model::TrustReason::kUnknownIssuer);
  EXPECT_EQ(trust[1].store, "enterprise");
  EXPECT_TRUE(trust[1].trusted()) << trust[1].detail;
  EXPECT_TRUE(front_end[0]->chain->hostname_match);
}

TEST_F(ProfileVerdictTest, DeploymentSucceedsWhenEveryValidatingProfileIsReady) {
  // The same enterprise Front End, probed for managed and legacy phones only.
  deployment_.profiles = {"managed", "legacy-5.3"};
  auto sites = HealthySites();
  sites[0].enterprise = true;
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal), (Outcomes{{"managed", "ready"}, {"legacy-5.3", "ready"}}));
  EXPECT_TRUE(result.success);
}

TEST_F(ProfileVerdictTest, EnterpriseWebServicesCertificateStopsUnmanagedAtTheWebHop) {
  // The reverse proxy's web services with an enterprise certificate: both
  // discovery hops pass, the unmanaged phone stops at the user link.
  auto sites = HealthySites();
  sites[2].enterprise = true;
  Start(sites);
  model::ProbeResult result = Probe();

  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    ASSERT_TRUE(network);
    EXPECT_EQ(
        VerdictOutcomes(*network),
        (Outcomes{{"unmanaged", "web_tls/unknown_issuer"}, {"managed", "ready"}, {"legacy-5.3", "ready"}}))
        << name;
    EXPECT_TRUE(network->oauth_challenge) << name;
  }
  EXPECT_FALSE(result.success);
}

}  // namespace
}  // namespace lde::lyncwalk
