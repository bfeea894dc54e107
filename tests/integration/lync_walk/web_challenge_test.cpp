// What the documents and the user resource say: an HTML page where a
// document should be, the user link's 401 with or without the MsRtcOAuth
// challenge, the OAuth host's own TLS check, and the XML flavour recorded.
#include <gtest/gtest.h>

#include "integration/lync_walk/lync_walk_fixture.h"

namespace lde::lyncwalk {
namespace {

const Outcomes kAllReady = {{"unmanaged", "ready"}, {"managed", "ready"}, {"legacy-5.3", "ready"}};

Outcomes Every(const std::string& outcome) {
  return {{"unmanaged", outcome}, {"managed", outcome}, {"legacy-5.3", outcome}};
}

using WebChallengeTest = LyncWalkTest;

TEST_F(WebChallengeTest, OAuthChallengeIsReadyAndItsTokenHostGetsItsOwnTlsCheck) {
  Start(HealthySites());
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
  EXPECT_TRUE(external->oauth_challenge);
  EXPECT_EQ(external->oauth_href, OAuthHref());
  EXPECT_EQ(external->auth_schemes, (std::vector<std::string>{"Negotiate", "MsRtcOAuth"}));
  auto web = EndpointsWithRole(result, "external", "web_external");
  ASSERT_EQ(web.size(), 1u);
  ASSERT_TRUE(web[0]->http);
  EXPECT_EQ(web[0]->http->status, 401);
  // The token host: handshaken and judged, never sent a request.
  auto oauth = EndpointsWithRole(result, "external", "oauth");
  ASSERT_EQ(oauth.size(), 1u);
  EXPECT_EQ(oauth[0]->endpoint.host, kOAuthHost);
  ASSERT_TRUE(oauth[0]->chain);
  EXPECT_TRUE(oauth[0]->chain->hostname_match);
  EXPECT_FALSE(oauth[0]->http);
  EXPECT_TRUE(Server(kOAuthHost).requests().empty());
  EXPECT_EQ(Server(kOAuthHost).accepted_connections(), 2);  // once per network
}

TEST_F(WebChallengeTest, ChallengesFoldedIntoOneHeaderLineAreFound) {
  auto sites = HealthySites();
  sites[2].handler = [this](const std::string& raw) {
    return ChallengeHandler(
        {R"(Negotiate, NTLM, MsRtcOAuth href=")" + OAuthHref() + R"(",grant_type="password")"})(raw);
  };
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
  EXPECT_EQ(external->oauth_href, OAuthHref());
  EXPECT_EQ(external->auth_schemes, (std::vector<std::string>{"Negotiate", "NTLM", "MsRtcOAuth"}));
}

TEST_F(WebChallengeTest, UserLink401WithoutMsRtcOAuthIsAMissingChallenge) {
  // A reverse proxy pre-authenticating: only Windows schemes, no token endpoint.
  auto sites = HealthySites();
  sites[2].handler = ChallengeHandler({"Negotiate", "NTLM"});
  Start(sites);
  model::ProbeResult result = Probe();

  for (const char* name : {"internal", "external"}) {
    const auto* network = FindNetwork(result, name);
    ASSERT_TRUE(network);
    EXPECT_EQ(VerdictOutcomes(*network), Every("oauth_challenge/missing")) << name;
    EXPECT_TRUE(network->discovery_success) << name;
    EXPECT_FALSE(network->links.empty()) << name;
    EXPECT_FALSE(network->oauth_challenge) << name;
    EXPECT_TRUE(network->oauth_href.empty()) << name;
    EXPECT_EQ(network->auth_schemes, (std::vector<std::string>{"Negotiate", "NTLM"})) << name;
  }
  EXPECT_FALSE(result.success);
  EXPECT_EQ(Server(kOAuthHost).accepted_connections(), 0);
}

TEST_F(WebChallengeTest, HtmlPageInsteadOfTheDiscoveryDocumentIsHtmlPage) {
  // A captive portal or forms login answering 200 HTML at the root: no
  // fallback (the name answered 200), the walk ends there.
  auto sites = HealthySites();
  auto login = [](const std::string&) { return Answer(200, "text/html; charset=utf-8", LoginPage()); };
  sites[0].handler = login;
  sites[1].handler = login;
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(internal && external);
  EXPECT_EQ(VerdictOutcomes(*internal), Every("discovery_parse/html_page"));
  EXPECT_EQ(VerdictOutcomes(*external), Every("discovery_parse/html_page"));
  EXPECT_FALSE(internal->discovery_success);
  EXPECT_FALSE(external->discovery_success);
  EXPECT_TRUE(EndpointsWithRole(result, "internal", "discovery_external").empty());  // no fallback
  EXPECT_EQ(Server(kWebHost).accepted_connections(), 0);
}

TEST_F(WebChallengeTest, HtmlLoginPageAtTheUserLinkIsHtmlPage) {
  auto sites = HealthySites();
  sites[2].handler = [](const std::string&) { return Answer(200, "text/html", LoginPage()); };
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(VerdictOutcomes(*external), Every("web_http/html_page"));
  EXPECT_TRUE(external->discovery_success);
  EXPECT_FALSE(external->oauth_challenge);
}

// The reverse proxy answers the JSON request with `json_answer` and serves
// the XML flavour: the phone's walk fails with `verdict`, and the report
// shows the XML works, so "serves only XML" does not look like "dead".
class XmlWhenJsonFailsTest : public LyncWalkTest {
 protected:
  void ExpectXmlObserved(const std::string& json_answer, const std::string& verdict) {
    auto sites = HealthySites();
    sites[1].handler = [this, json_answer](const std::string& raw) {
      return WantsXml(raw) ? RootDocumentHandler()(raw) : json_answer;
    };
    Start(sites);
    model::ProbeResult result = Probe();

    const auto* external = FindNetwork(result, "external");
    ASSERT_TRUE(external);
    EXPECT_FALSE(external->discovery_success);
    EXPECT_EQ(external->xml_discovery_success, std::optional<bool>(true));
    EXPECT_EQ(VerdictOutcomes(*external), Every(verdict));
    const auto requests = Server(kExternalName).requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(RequestHeader(requests[0], "Accept"), "application/json");
    EXPECT_TRUE(WantsXml(requests[1]));
  }
};

TEST_F(XmlWhenJsonFailsTest, ObservedWhenTheJsonRequestIsRefused) {
  ExpectXmlObserved(Answer(406, "text/plain", "not acceptable"), "discovery_http/http_status");
}

TEST_F(XmlWhenJsonFailsTest, ObservedWhenTheJsonAnswerIsNotADocument) {
  ExpectXmlObserved(Answer(200, "text/html", LoginPage()), "discovery_parse/html_page");
}

TEST_F(WebChallengeTest, XmlFlavourRefusedTooIsReportedFalse) {
  auto sites = HealthySites();
  sites[1].handler = [](const std::string&) { return Answer(406, "text/plain", "not acceptable"); };
  Start(sites);
  model::ProbeResult result = Probe();
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(external);
  EXPECT_EQ(external->xml_discovery_success, std::optional<bool>(false));
  EXPECT_EQ(Server(kExternalName).requests().size(), 2u);
}

TEST_F(WebChallengeTest, XmlFlavourIsRecordedWithoutChangingTheVerdict) {
  // The Front End serves both flavours; the reverse proxy JSON only (406 to
  // the XML Accept), as a misconfigured rule might.
  auto sites = HealthySites();
  sites[1].handler = [this](const std::string& raw) {
    if (WantsXml(raw)) return Answer(406, "text/plain", "not acceptable");
    return RootDocumentHandler()(raw);
  };
  Start(sites);
  model::ProbeResult result = Probe();

  const auto* internal = FindNetwork(result, "internal");
  const auto* external = FindNetwork(result, "external");
  ASSERT_TRUE(internal && external);
  EXPECT_EQ(internal->xml_discovery_success, std::optional<bool>(true));
  EXPECT_EQ(external->xml_discovery_success, std::optional<bool>(false));
  EXPECT_EQ(VerdictOutcomes(*internal), kAllReady);
  EXPECT_EQ(VerdictOutcomes(*external), kAllReady);
  // The XML request went to the same root URL, asking for the MS-OCDISCWS type.
  const auto requests = Server(kExternalName).requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_FALSE(WantsXml(requests[0]));
  EXPECT_EQ(RequestHeader(requests[0], "Accept"), "application/json");
  EXPECT_EQ(RequestHeader(requests[1], "Accept"), "application/vnd.microsoft.rtc.autodiscover+xml;v=1");
  EXPECT_EQ(RequestTarget(requests[1]), RequestTarget(requests[0]));
  // A discovery endpoint is reported once however many requests it answered.
  EXPECT_EQ(EndpointsWithRole(result, "external", "discovery_external").size(), 1u);
}

}  // namespace
}  // namespace lde::lyncwalk
