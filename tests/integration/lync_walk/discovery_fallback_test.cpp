// Internal discovery falls back from lyncdiscoverinternal.<d> to
// lyncdiscover.<d> when the first name does not resolve, its server cannot
// be reached or handshaken, or it answers anything but 200; external asks
// only lyncdiscover.<d>.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

const Outcomes kAllReady = {{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}};

using DiscoveryFallbackTest = LyncWalkTest;

TEST_F(DiscoveryFallbackTest, HealthyDeploymentUsesTheInternalNameInsideAndTheExternalOneOutside) {
  Start(HealthySites());
  model::ProbeResult result = Probe();

  EXPECT_TRUE(result.success);
  const auto* internal = FindNetwork(result, "internal");
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(internal && external);
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
  EXPECT_EQ(internal->discovery_host, kInternalName);
  EXPECT_EQ(external->discovery_host, kExternalName);
  EXPECT_EQ(EndpointsWithRole(result, "internal", "discovery_internal").size(), 1u);
  EXPECT_TRUE(EndpointsWithRole(result, "internal", "discovery_external").empty());
  EXPECT_TRUE(EndpointsWithRole(result, "external", "discovery_internal").empty());
  // The sign-in address travels as ?sipuri= on the first request.
  ASSERT_FALSE(Server(kInternalName).requests().empty());
  EXPECT_EQ(RequestTarget(Server(kInternalName).requests().front()), "/?sipuri=probe@contoso.test");
}

TEST_F(DiscoveryFallbackTest, InternalNameNxdomainFallsBackToLyncdiscover) {
  internal_dns_.erase(kInternalName);
  Start(HealthySites());
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_TRUE(internal->discovery_success);
  EXPECT_EQ(internal->discovery_host, kExternalName);
  // The failed lookup is recorded against the internal view...
  const auto* lookup = FindDns(result, kInternalName, "corp");
  ASSERT_TRUE(lookup);
  EXPECT_FALSE(lookup->success);
  ASSERT_TRUE(lookup->failure);
  EXPECT_EQ(lookup->failure->reason, model::Reason::kNxdomain);
  // ...nothing was connected for it, and the fallback name was probed from inside.
  EXPECT_EQ(Server(kInternalName).accepted_connections(), 0);
  EXPECT_TRUE(EndpointsWithRole(result, "internal", "discovery_internal").empty());
  EXPECT_EQ(EndpointsWithRole(result, "internal", "discovery_external").size(), 1u);
  EXPECT_TRUE(result.success);
}

TEST_F(DiscoveryFallbackTest, InternalNameAnsweringNon200FallsBackToLyncdiscover) {
  auto sites = HealthySites();
  sites[0].handler = [](const std::string&) { return Answer(503, "text/html", "<html>maintenance</html>"); };
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_EQ(internal->discovery_host, kExternalName);
  // The Front End was asked for JSON, then, that failing, for the XML
  // flavour too (observed whatever JSON did; the final document's XML is
  // what the network reports).
  const auto asked = Server(kInternalName).requests();
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_FALSE(WantsXml(asked[0]));
  EXPECT_TRUE(WantsXml(asked[1]));
  EXPECT_EQ(internal->xml_discovery_success, std::optional<bool>(true));
  auto front_end = EndpointsWithRole(result, "internal", "discovery_internal");
  ASSERT_EQ(front_end.size(), 1u);
  ASSERT_TRUE(front_end[0]->http);
  EXPECT_EQ(front_end[0]->http->status, 503);
  EXPECT_EQ(EndpointsWithRole(result, "internal", "discovery_external").size(), 1u);
}

TEST_F(DiscoveryFallbackTest, InternalNameRefusingConnectionsOrHandshakesFallsBack) {
  // Resolves, but nothing listens there: connection refused.
  internal_dns_[kInternalName] = {kNobodyAddress};
  Start(HealthySites());
  model::ProbeResult refused = Probe();
  const auto* internal = FindNetwork(refused, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_EQ(internal->discovery_host, kExternalName);

  // Listens, but resets the handshake.
  internal_dns_[kInternalName] = {kFrontEndAddress};
  auto sites = HealthySites();
  sites[0].behaviour = testing::ServerBehaviour::kResetDuringHandshake;
  Start(sites);
  model::ProbeResult reset = Probe();
  internal = FindNetwork(reset, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_EQ(internal->discovery_host, kExternalName);
  auto front_end = EndpointsWithRole(reset, "internal", "discovery_internal");
  ASSERT_EQ(front_end.size(), 1u);
  ASSERT_TRUE(front_end[0]->failure);
  EXPECT_EQ(front_end[0]->failure->step, model::Step::kTls);
  EXPECT_FALSE(front_end[0]->chain);
}

TEST_F(DiscoveryFallbackTest, NoDiscoveryNameResolvingFailsEveryProfileAtDiscoveryDns) {
  internal_dns_.erase(kInternalName);
  internal_dns_.erase(kExternalName);
  Start(HealthySites());
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  const std::string failed = "discovery_dns/nxdomain";
  EXPECT_EQ(VerdictOutcomes(*internal),
            (Outcomes{{"unmanaged", failed}, {"managed", failed}, {"legacy-5.3", failed}}));
  EXPECT_FALSE(internal->discovery_success);
  EXPECT_TRUE(internal->links.empty());
  EXPECT_FALSE(result.success);
  // The external network, on the public view, is untouched.
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
}

}  // namespace
}  // namespace lde::lyncwalk
