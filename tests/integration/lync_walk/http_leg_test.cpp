// The plain-HTTP discovery leg, followed where a phone follows it: after a
// discovery name's HTTPS root failed without a certificate rejection, GET
// http://<name>/?sipuri=... and go on with a Redirect document or a 30x to
// https inside the SIP domain; a profile that rejected the HTTPS
// certificate does not downgrade.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

const Outcomes kAllReady = {{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}};

// Profile → the leg of the document its path reached ("" for none).
std::map<std::string, std::string> Legs(const model::NetworkReport& network) {
  std::map<std::string, std::string> out;
  for (const auto& verdict : network.verdicts) {
    out[verdict.profile] = verdict.leg ? std::string(model::DiscoveryLegName(*verdict.leg)) : "";
  }
  return out;
}

const std::map<std::string, std::string> kAllHttp = {
    {"unmanaged", "http"}, {"managed", "http"}, {"legacy-5.3", "http"}};

class HttpLegTest : public LyncWalkTest {
 protected:
  // The usual deployment, but lyncdiscover.<d> is published on plain HTTP
  // only (nothing listens for HTTPS on its address), answering `handler`;
  // webdir.<d> serves the pool's Root over HTTPS.
  std::vector<Site> HttpOnlySites(testing::HttpHandler handler) const {
    std::vector<Site> sites;
    for (auto& site : HealthySites()) {
      if (site.host != kExternalName) sites.push_back(site);
    }
    sites.push_back(Site{kHybridAddress, kHybridHost, false, RootDocumentHandler()});
    Site plain{kProxyAddress, kExternalName, false, std::move(handler)};
    plain.plain_http = true;
    sites.push_back(plain);
    return sites;
  }

  // Both build the URL per request: the shared HTTPS port is known only
  // once the sites run. "{port}" in `url` becomes that port.
  testing::HttpHandler RedirectTokenTo(std::string url) const {
    return [this, url = std::move(url)](const std::string& raw) {
      const bool xml = WantsXml(raw);
      return Answer(200, xml ? kXmlType : kJsonType, RedirectDocument(WithPort(url), xml));
    };
  }

  testing::HttpHandler MovedTo(std::string location) const {
    return [this, location = std::move(location)](const std::string&) {
      return Answer(301, "text/html", "<html>moved</html>", {{"Location", WithPort(location)}});
    };
  }

  std::string WithPort(std::string url) const {
    const auto at = url.find("{port}");
    if (at != std::string::npos) url.replace(at, 6, std::to_string(port()));
    return url;
  }

  static std::string HybridRoot() { return std::string("https://") + kHybridHost + ":{port}" + kRootPath; }
};

TEST_F(HttpLegTest, HttpsRefusedAndAnHttpRedirectTokenIsReadyOverTheHttpLeg) {
  Start(HttpOnlySites(RedirectTokenTo(HybridRoot())));
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
  EXPECT_EQ(Legs(*external), kAllHttp);
  EXPECT_EQ(external->discovery_leg, std::optional(model::DiscoveryLeg::kHttp));
  EXPECT_EQ(external->discovery_host, kExternalName);
  ASSERT_EQ(external->http_legs.size(), 1u);
  EXPECT_EQ(external->http_legs[0].leads_to, model::HttpLeg::kRedirect) << external->http_legs[0].detail;
  // HTTPS was tried first and refused.
  auto proxy = EndpointsWithRole(result, "external", "discovery_external");
  ASSERT_FALSE(proxy.empty());
  ASSERT_TRUE(proxy[0]->failure);
  EXPECT_EQ(proxy[0]->failure->reason, model::Reason::kConnectionRefused);
  // Asked once per network: the internal network reports lyncdiscover's leg
  // too (its walk used lyncdiscoverinternal over HTTPS), the external one
  // followed it, and the report reuses that answer.
  const auto asked = HttpServer(kExternalName).requests();
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(RequestTarget(asked[0]), "/?sipuri=probe@contoso.test");
  EXPECT_TRUE(Server(kHybridHost).requests().size() >= 1u);

  const auto* internal = FindNetwork(result, "internal");
  ASSERT_TRUE(internal);
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_EQ(Legs(*internal), (std::map<std::string, std::string>{
                                 {"unmanaged", "https"}, {"managed", "https"}, {"legacy-5.3", "https"}}));
  EXPECT_TRUE(result.success);
}

TEST_F(HttpLegTest, HttpsRefusedAndAn301ToHttpsInTheDomainIsReady) {
  Start(HttpOnlySites(MovedTo(HybridRoot())));
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
  EXPECT_EQ(Legs(*external), kAllHttp);
  ASSERT_EQ(external->http_legs.size(), 1u);
  EXPECT_EQ(external->http_legs[0].leads_to, model::HttpLeg::kHttpsRedirect);
  // The Location was followed as a redirect hop, with the hybrid host's
  // certificate judged like any other.
  auto hybrid = EndpointsWithRole(result, "external", "discovery_external");
  bool met_hybrid = false;
  for (const auto* endpoint : hybrid) met_hybrid |= endpoint->endpoint.host == kHybridHost && endpoint->chain;
  EXPECT_TRUE(met_hybrid);
}

TEST_F(HttpLegTest, AProfileRejectingTheHttpsCertificateDoesNotDowngrade) {
  // lyncdiscover.<d> answers HTTPS with an enterprise-CA certificate and a
  // 404: the walk goes on over HTTP, which works.
  auto sites = HttpOnlySites(RedirectTokenTo(HybridRoot()));
  sites.push_back(Site{kProxyAddress, kExternalName, true,
                       [](const std::string&) { return Answer(404, "text/html", "<html>no</html>"); }});
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  // The phone with public roots only stops at the certificate; the managed
  // one (enterprise root) and the pre-5.4 one take the HTTP leg.
  EXPECT_EQ(VerdictOutcomes(*external), (Outcomes{{"unmanaged", "discovery_tls/unknown_issuer"},
                                                  {"managed", "ready"},
                                                  {"legacy-5.3", "ready"}}));
  EXPECT_EQ(Legs(*external), (std::map<std::string, std::string>{
                                 {"unmanaged", ""}, {"managed", "http"}, {"legacy-5.3", "http"}}));
  EXPECT_FALSE(result.success);
}

TEST_F(HttpLegTest, AnOffDomainRedirectOverHttpIsRefused) {
  Start(HttpOnlySites(
      RedirectTokenTo("https://webdir.fabrikam.test/Autodiscover/AutodiscoverService.svc/root")));
  model::ProbeResult token = Probe();
  const auto* external = FindNetwork(token, "external");
  ASSERT_TRUE(external);
  const std::string refused = "discovery_redirect/redirect_not_allowed";
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", refused}, {"managed", refused}, {"legacy-5.3", refused}}));
  EXPECT_FALSE(external->discovery_success);
  EXPECT_EQ(Legs(*external),
            (std::map<std::string, std::string>{{"unmanaged", ""}, {"managed", ""}, {"legacy-5.3", ""}}));

  // The same as a 301: refused too, nothing connected for fabrikam.
  Start(HttpOnlySites(MovedTo("https://webdir.fabrikam.test/Autodiscover/AutodiscoverService.svc/root")));
  model::ProbeResult moved = Probe();
  external = FindNetwork(moved, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", refused}, {"managed", refused}, {"legacy-5.3", refused}}));
  EXPECT_EQ(FindDns(moved, "webdir.fabrikam.test", "system"), nullptr);
}

TEST_F(HttpLegTest, AnHttpLegToPlainHttpOrNowhereFailsTheNameAsItsHttpsDid) {
  // A 301 to another http URL leads nowhere a phone goes: the name fails
  // with HTTPS's own failure.
  Start(HttpOnlySites(MovedTo("http://lyncdiscover.contoso.test/elsewhere")));
  model::ProbeResult result = Probe();
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  const std::string refused = "discovery_connect/connection_refused";
  EXPECT_EQ(VerdictOutcomes(*external),
            (Outcomes{{"unmanaged", refused}, {"managed", refused}, {"legacy-5.3", refused}}));
  ASSERT_EQ(external->http_legs.size(), 1u);
  EXPECT_EQ(external->http_legs[0].leads_to, model::HttpLeg::kUnusable);
  EXPECT_FALSE(external->discovery_leg.has_value());
}

}  // namespace
}  // namespace lde::lyncwalk
