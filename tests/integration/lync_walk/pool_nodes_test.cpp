// Every node behind a name: a pool with two Front End nodes behind
// lyncdiscoverinternal, each connected to with the same SNI and request and
// judged; readiness needs every node to let the phone through, and the
// failure names the node.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

using PoolNodesTest = LyncWalkTest;

std::vector<Site> WithSecondFrontEnd(std::vector<Site> sites, bool expired) {
  Site second = sites[0];  // the Front End
  second.address = kFrontEnd2Address;
  second.expired = expired;
  sites.push_back(second);
  return sites;
}

TEST_F(PoolNodesTest, EveryNodeIsAskedAndAHealthyPoolIsReady) {
  auto sites = HealthySites();
  Start(WithSecondFrontEnd(sites, false));
  internal_dns_[kInternalName] = {kFrontEndAddress, kFrontEnd2Address};
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal),
            (Outcomes{{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}}));
  auto front_ends = EndpointsWithRole(result, "internal", "discovery_internal");
  ASSERT_EQ(front_ends.size(), 2u);
  EXPECT_EQ(front_ends[0]->endpoint.address, kFrontEndAddress);
  EXPECT_EQ(front_ends[1]->endpoint.address, kFrontEnd2Address);
  for (const auto* node : front_ends) {
    ASSERT_TRUE(node->http) << node->endpoint.address;
    EXPECT_EQ(node->http->status, 200) << node->endpoint.address;
    ASSERT_TRUE(node->chain) << node->endpoint.address;
  }
  EXPECT_TRUE(result.success);
}

TEST_F(PoolNodesTest, OneNodeWithAnExpiredCertificateFailsEveryValidatingPhoneAndIsNamed) {
  auto sites = HealthySites();
  Start(WithSecondFrontEnd(sites, true));
  internal_dns_[kInternalName] = {kFrontEndAddress, kFrontEnd2Address};
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  // The walk read the healthy first node; a phone landing on the second is
  // refused (5.4 and later), one that validates nothing gets through.
  EXPECT_EQ(VerdictOutcomes(*internal), (Outcomes{{"unmanaged", "discovery_tls/expired"},
                                                  {"managed", "discovery_tls/expired"},
                                                  {"legacy-5.3", "ready"}}));
  for (const auto& verdict : internal->verdicts) {
    if (!verdict.failure) continue;
    EXPECT_NE(verdict.failure->detail.find(std::string("(node ") + kFrontEnd2Address + ")"),
              std::string::npos)
        << verdict.failure->detail;
    EXPECT_EQ(verdict.failure_address, kFrontEnd2Address);
  }
  // The external network never meets the Front End.
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}}));
  EXPECT_FALSE(result.success);
}

}  // namespace
}  // namespace lde::lyncwalk
