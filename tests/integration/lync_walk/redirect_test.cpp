// `redirect` links are followed to the document that names the user
// resource (the hybrid / split-pool case), and a redirect loop ends the walk
// instead of spinning.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

using RedirectTest = LyncWalkTest;

TEST_F(RedirectTest, RedirectsAreFollowedAndTheFinalDocumentsLinksKept) {
  // lyncdiscover → webdir /hop → webdir Root, which names the user link.
  auto sites = HealthySites();
  sites[1].handler = RedirectHandler(kHybridHost, "/hop");
  sites.push_back(Site{kHybridAddress, kHybridHost, false, [this](const std::string& raw) {
                         if (RequestTarget(raw) == "/hop")
                           return RedirectHandler(kHybridHost, kRootPath)(raw);
                         return RootDocumentHandler()(raw);
                       }});
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}}));
  EXPECT_TRUE(external->discovery_success);
  EXPECT_EQ(external->discovery_host, kExternalName);  // the name dialled, not where it led
  const std::string final_root = Url(kHybridHost, kRootPath);
  EXPECT_EQ(external->links, (std::vector<model::DiscoveryLink>{
                                 {"self", final_root},
                                 {"user", Url(kWebHost, kUserPath)},
                                 {"xframe", final_root + "/xframe"},
                             }));
  EXPECT_TRUE(external->oauth_challenge);
  // Both hops reached the hybrid host, and the XML flavour went to the final
  // URL (only the external walk redirects: the Front End serves its Root).
  std::vector<std::string> targets;
  for (const auto& raw : Server(kHybridHost).requests()) {
    targets.push_back((WantsXml(raw) ? "xml " : "json ") + RequestTarget(raw));
  }
  EXPECT_EQ(targets, (std::vector<std::string>{"json /hop", "json " + std::string(kRootPath),
                                               "xml " + std::string(kRootPath)}));
  EXPECT_EQ(external->xml_discovery_success, std::optional<bool>(true));
  // The redirect target was judged as a discovery endpoint of the network.
  bool hybrid_judged = false;
  for (const auto* endpoint : EndpointsWithRole(result, "external", "discovery_external")) {
    if (endpoint->endpoint.host == kHybridHost && endpoint->chain) hybrid_judged = true;
  }
  EXPECT_TRUE(hybrid_judged);
}

TEST_F(RedirectTest, RedirectLoopEndsTheWalkAtDiscoveryRedirect) {
  // lyncdiscover → webdir /a → webdir /b → webdir /a.
  auto sites = HealthySites();
  sites[1].handler = RedirectHandler(kHybridHost, "/a");
  sites.push_back(Site{kHybridAddress, kHybridHost, false, [this](const std::string& raw) {
                         return RedirectHandler(kHybridHost, RequestTarget(raw) == "/a" ? "/b" : "/a")(raw);
                       }});
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  const std::string loop = "discovery_redirect/redirect_loop";
  // Every profile, the legacy one too: no certificate is at fault.
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", loop}, {"managed", loop}, {"legacy-5.3", loop}}));
  EXPECT_FALSE(external->discovery_success);
  EXPECT_TRUE(external->links.empty());
  EXPECT_FALSE(external->oauth_challenge);
  EXPECT_FALSE(result.success);
  // Each URL of the loop was fetched once, then the walk stopped.
  EXPECT_EQ(Server(kHybridHost).requests().size(), 2u);
  EXPECT_EQ(Server(kWebHost).requests().size(), 1u);  // the internal walk's, not this one's
  // The internal network reached its own Front End and never looped.
  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal),
            (Outcomes{{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}}));
}

}  // namespace
}  // namespace lde::lyncwalk
