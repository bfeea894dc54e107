// The HTML status pages rendered from hand-built results: hostile values stay
// text, the readiness matrix, failing targets first, the per-target page
// with its log, the bounds, and the CSP hash of the style sheet.
#include "app/status_page.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "model/budgets.h"

namespace lde::app {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using Results = std::vector<std::shared_ptr<const model::ProbeResult>>;

const SysTime kNow = SysTime() + days(20000);  // 2024-10-04

// Values a hostile server could choose.
constexpr const char* kScriptSubject = "CN=<script>alert(1)</script>";
constexpr const char* kQuotedIssuer = "O=\"Evil\" & 'Co', CN=x\" onmouseover=\"alert(2)";
constexpr const char* kImgDetail = "<img src=x onerror=alert(3)> & more";
constexpr const char* kHostileHref = "javascript:alert('x')\"><script>alert(4)</script>";
constexpr const char* kHostileLog = "</pre><script>alert(5)</script>&amp;";

model::CertFacts Cert(std::string subject, std::string issuer, SysTime not_after) {
  model::CertFacts c;
  c.subject = std::move(subject);
  c.issuer = std::move(issuer);
  c.not_after = not_after;
  c.key_type = "RSA";
  c.key_bits = 2048;
  c.signature_algorithm = "sha256WithRSAEncryption";
  c.dns_names = {"lyncdiscover.contoso.test"};
  return c;
}

model::EndpointReport Endpoint(std::string host, std::string address, model::Role role,
                               model::Network network) {
  model::EndpointReport e;
  e.endpoint = model::Endpoint{std::move(host), std::move(address), 443};
  e.role = role;
  e.network = network;
  return e;
}

// A deployment whose internal Front End has an enterprise certificate the
// unmanaged profile does not trust (the lab's enterprise-fe), with hostile
// certificate strings, details, hrefs and log lines.
std::shared_ptr<model::ProbeResult> Deployment(const std::string& name) {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = name;
  r->kind = "lync";
  r->started = kNow - seconds(42);
  r->duration = std::chrono::milliseconds(412);
  auto fe = Endpoint("lyncdiscoverinternal." + name, "192.0.2.10", model::Role::kDiscoveryInternal,
                     model::Network::kInternal);
  model::ChainReport chain;
  chain.certs = {Cert(kScriptSubject, kQuotedIssuer, kNow + days(10)),
                 Cert("CN=Contoso Issuing CA", "CN=Contoso Root", kNow + days(900))};
  chain.trust = {{"public", model::TrustReason::kUnknownIssuer, 20, kImgDetail},
                 {"enterprise", model::TrustReason::kOk, 0, ""}};
  chain.hostname_match = true;
  chain.complete = true;
  chain.ordered = true;
  fe.chain = chain;
  fe.policy_violations.push_back(
      {"strict", 0, model::PolicyRule::kMinRsaBits, "RSA 1024 < 2048 & <b>bold</b>"});
  r->endpoints.push_back(fe);
  for (auto network : {model::Network::kInternal, model::Network::kExternal}) {
    model::NetworkReport n;
    n.network = network;
    n.discovery_success = true;
    n.discovery_host = "lyncdiscover." + name;
    n.links.push_back({"user", kHostileHref});
    bool internal = network == model::Network::kInternal;
    n.verdicts.push_back({"unmanaged", !internal,
                          internal
                              ? std::optional(model::StepFailure{model::Step::kDiscoveryTls,
                                                                 model::Reason::kUnknownIssuer, kImgDetail})
                              : std::nullopt});
    n.verdicts.push_back({"managed", true, std::nullopt});
    n.verdicts.push_back({"legacy-5.3", true, std::nullopt});
    r->networks.push_back(n);
  }
  r->success = false;
  model::DnsOutcome dns;
  dns.host = "lyncdiscoverinternal." + name;
  dns.resolver = "corp";
  dns.success = true;
  dns.addresses = {"192.0.2.10"};
  r->dns.push_back(dns);
  r->log = {"level=debug msg=\"step\" step=dns", kHostileLog};
  return r;
}

std::shared_ptr<model::ProbeResult> Plain(const std::string& name, bool success) {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = name;
  r->kind = "https";
  r->started = kNow - seconds(5);
  r->success = success;
  auto e = Endpoint(name + ".example", "198.51.100.1", model::Role::kNone, model::Network::kNone);
  model::ChainReport chain;
  chain.certs = {Cert("CN=" + name + ".example", "CN=Public CA", kNow - days(2))};
  chain.trust = {{"public", success ? model::TrustReason::kOk : model::TrustReason::kExpired, 0, ""}};
  chain.hostname_match = true;
  chain.complete = true;
  chain.ordered = true;
  e.chain = chain;
  if (!success)
    e.failure = model::StepFailure{model::Step::kCertificate, model::Reason::kExpired, "public: expired"};
  r->endpoints.push_back(e);
  return r;
}

StatusView View(Results results) {
  StatusView view;
  view.results = std::move(results);
  for (const auto& r : view.results) view.configured.push_back(r->target);
  std::sort(view.configured.begin(), view.configured.end());
  view.version = "1.2.3";
  view.revision = "abc1234";
  view.last_reload_ok = true;
  view.last_reload_success = kNow - seconds(3600);
  view.now = kNow;
  return view;
}

// Every tag of the page (each '<' is markup: values never hold a raw '<'),
// with its attributes, to check that hostile values added neither a tag
// nor an attribute.
struct Tag {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
};

std::vector<Tag> Tags(const std::string& html) {
  static const std::regex kTag(R"(<(/?[A-Za-z0-9!]+)([^>]*)>)");
  static const std::regex kAttribute(R"re(\s([A-Za-z-]+)(?:="([^"]*)")?)re");
  std::vector<Tag> tags;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kTag); it != std::sregex_iterator(); ++it) {
    Tag tag{(*it)[1].str(), {}};
    std::string attributes = (*it)[2].str();
    for (auto a = std::sregex_iterator(attributes.begin(), attributes.end(), kAttribute);
         a != std::sregex_iterator(); ++a) {
      tag.attributes.emplace_back((*a)[1].str(), (*a)[2].str());
    }
    tags.push_back(std::move(tag));
  }
  return tags;
}

// The page's own vocabulary: only these tags and attributes, links only
// to our own paths, every element but the void ones closed.
void ExpectOnlyOurMarkup(const std::string& html) {
  static const std::set<std::string> kTags = {
      "!DOCTYPE", "html", "head",    "meta", "title",  "style", "body", "header", "h1",    "nav",
      "a",        "main", "section", "h2",   "h3",     "ul",    "li",   "span",   "table", "thead",
      "tbody",    "tr",   "th",      "td",   "strong", "br",    "div",  "p",      "pre",   "footer"};
  static const std::set<std::string> kAttributes = {"lang",    "charset",      "name",        "content",
                                                    "href",    "class",        "id",          "scope",
                                                    "colspan", "data-network", "data-profile"};
  static const std::set<std::string> kVoid = {"!DOCTYPE", "meta", "br"};
  std::map<std::string, int> open;
  for (const Tag& tag : Tags(html)) {
    bool closing = tag.name[0] == '/';
    std::string name = closing ? tag.name.substr(1) : tag.name;
    EXPECT_TRUE(kTags.count(name)) << "unexpected tag <" << tag.name << ">";
    if (!kVoid.count(name)) open[name] += closing ? -1 : 1;
    for (const auto& [attribute, value] : tag.attributes) {
      if (name == "!DOCTYPE") continue;
      EXPECT_TRUE(kAttributes.count(attribute))
          << "unexpected attribute " << attribute << " on <" << name << ">";
      if (attribute == "href") {
        EXPECT_EQ(value.rfind('/', 0), 0u) << "a link off the exporter: " << value;
      }
    }
  }
  for (const auto& [name, balance] : open) EXPECT_EQ(balance, 0) << "<" << name << "> not closed";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(StatusPageTest, HostileValuesStayText) {
  StatusView view = View({Deployment("contoso.test"), Plain("web", true)});
  for (const std::string& page :
       {RenderStatusPage(view), RenderTargetPage(view, "contoso.test", view.results[0].get())}) {
    SCOPED_TRACE(page);
    ExpectOnlyOurMarkup(page);
    std::string lower = Lower(page);
    EXPECT_EQ(lower.find("<script"), std::string::npos);
    EXPECT_EQ(lower.find("<img"), std::string::npos);
    EXPECT_EQ(lower.find("<b>"), std::string::npos);
    EXPECT_EQ(lower.find("javascript:alert('"), std::string::npos);
    // What a person reads is the value itself, escaped once.
    EXPECT_NE(page.find("CN=&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(page.find("O=&quot;Evil&quot; &amp; &#39;Co&#39;, CN=x&quot; onmouseover=&quot;alert(2)"),
              std::string::npos);
    EXPECT_NE(page.find("&lt;img src=x onerror=alert(3)&gt; &amp; more"), std::string::npos);
    EXPECT_NE(page.find("RSA 1024 &lt; 2048 &amp; &lt;b&gt;bold&lt;/b&gt;"), std::string::npos);
  }
  std::string target_page = RenderTargetPage(view, "contoso.test", view.results[0].get());
  // The href is shown as text, never as a link.
  EXPECT_NE(target_page.find("javascript:alert(&#39;x&#39;)&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"),
            std::string::npos);
  EXPECT_NE(target_page.find("&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;&amp;amp;"),
            std::string::npos);
}

TEST(StatusPageTest, HostileTargetNamesAreEscapedAndLinksEncoded) {
  auto r = Plain("a&b\"<x>", false);
  StatusView view = View({r});
  std::string page = RenderStatusPage(view);
  ExpectOnlyOurMarkup(page);
  EXPECT_NE(page.find("<a href=\"/status?target=a%26b%22%3Cx%3E\">a&amp;b&quot;&lt;x&gt;</a>"),
            std::string::npos)
      << page;
  std::string unknown = RenderUnknownTargetPage(view, "<script>alert(6)</script>");
  ExpectOnlyOurMarkup(unknown);
  EXPECT_NE(unknown.find("&lt;script&gt;alert(6)&lt;/script&gt;"), std::string::npos);
}

TEST(StatusPageTest, ReadinessMatrixHasACellPerNetworkAndProfile) {
  StatusView view = View({Deployment("contoso.test")});
  std::string page = RenderStatusPage(view);
  EXPECT_NE(page.find("<td class=\"notready\" data-network=\"internal\" data-profile=\"unmanaged\">"
                      "<strong>NOT READY</strong><br>discovery_tls: <strong>unknown_issuer</strong>"
                      "<div class=\"detail\">&lt;img src=x onerror=alert(3)&gt; &amp; more</div></td>"),
            std::string::npos)
      << page;
  for (const char* network : {"internal", "external"}) {
    for (const char* profile : {"managed", "legacy-5.3"}) {
      EXPECT_NE(page.find(std::string("<td class=\"ready\" data-network=\"") + network +
                          "\" data-profile=\"" + profile + "\">ready</td>"),
                std::string::npos)
          << network << "/" << profile;
    }
  }
  EXPECT_NE(page.find("<td class=\"ready\" data-network=\"external\" data-profile=\"unmanaged\">ready</td>"),
            std::string::npos);
  // The header row names the profiles in order.
  EXPECT_NE(page.find("<tr><th>Network</th><th>unmanaged</th><th>managed</th><th>legacy-5.3</th></tr>"),
            std::string::npos);
  // The summary says what failed in one line.
  EXPECT_NE(page.find("FAILING</span> internal/unmanaged: discovery_tls unknown_issuer"), std::string::npos);
}

TEST(StatusPageTest, AReadyCellSaysWhenThePlainHttpLegWasUsed) {
  auto edited = Deployment("contoso.test");
  for (auto& network : edited->networks) {
    if (network.network != model::Network::kExternal) continue;
    network.discovery_leg = model::DiscoveryLeg::kHttp;
    for (auto& verdict : network.verdicts) {
      if (verdict.ready) verdict.leg = model::DiscoveryLeg::kHttp;
    }
  }
  std::string page = RenderStatusPage(View({edited}));
  EXPECT_NE(page.find("<td class=\"ready\" data-network=\"external\" data-profile=\"managed\">ready"
                      "<br>via the plain-HTTP leg</td>"),
            std::string::npos)
      << page;
  // HTTPS, what a phone expects, goes without saying.
  EXPECT_NE(page.find("<td class=\"ready\" data-network=\"internal\" data-profile=\"managed\">ready</td>"),
            std::string::npos);
  StatusView view = View({edited});
  std::string target_page = RenderTargetPage(view, "contoso.test", edited.get());
  EXPECT_NE(target_page.find("<span class=\"label\">plain HTTP leg</span>"), std::string::npos);
}

TEST(StatusPageTest, FailingTargetsComeFirstThenByName) {
  // As the store hands them over: sorted by name.
  StatusView view =
      View({Plain("alpha", true), Plain("beta", false), Deployment("delta.test"), Plain("gamma", true)});
  view.configured.push_back("zeta");  // configured, not probed yet
  std::sort(view.configured.begin(), view.configured.end());
  std::string page = RenderStatusPage(view);
  std::vector<std::size_t> at;
  for (const char* name : {"beta", "delta.test", "alpha", "gamma", "zeta"}) {
    at.push_back(page.find(std::string("<tr><td><a href=\"/status?target=") + name + "\">"));
    ASSERT_NE(at.back(), std::string::npos) << name;
  }
  EXPECT_TRUE(std::is_sorted(at.begin(), at.end()));
  EXPECT_NE(page.find(">2 failing</span>"), std::string::npos);
  EXPECT_NE(page.find(">2 ok</span>"), std::string::npos);
  EXPECT_NE(page.find(">1 waiting for a first probe</span>"), std::string::npos);
  // The endpoint sections keep the same order.
  EXPECT_LT(page.find("<div class=\"target\"><h3><a href=\"/status?target=beta\">"),
            page.find("<div class=\"target\"><h3><a href=\"/status?target=alpha\">"));
}

TEST(StatusPageTest, SummaryShowsReloadAndVersion) {
  StatusView view = View({Plain("alpha", true)});
  std::string page = RenderStatusPage(view);
  EXPECT_NE(
      page.find("last reload <span class=\"ok\">succeeded</span> at 2024-10-03 23:00:00 UTC (60 min ago)"),
      std::string::npos)
      << page;
  EXPECT_NE(page.find("1.2.3 (revision abc1234)"), std::string::npos);
  view.last_reload_ok = false;
  EXPECT_NE(RenderStatusPage(view).find("last reload <span class=\"bad\">FAILED</span>"), std::string::npos);
}

TEST(StatusPageTest, SummaryNamesTheVantageAndShareOfAnInstanceAmongSeveral) {
  StatusView view = View({Plain("alpha", true)});
  EXPECT_EQ(RenderStatusPage(view).find("Instance</span>"), std::string::npos);  // one instance alone
  view.vantage = "out<side>";
  view.instance = metrics::InstanceState{"2/3", "external", 5, 17, 4};
  std::string page = RenderStatusPage(view);
  EXPECT_NE(
      page.find("<span class=\"label\">Instance</span> vantage <strong>out&lt;side&gt;</strong> &middot; "
                "shard 2/3 (17 names left to the other shards) &middot; networks external (4 deployments "
                "on no network probed here)</li>"),
      std::string::npos)
      << page;
}

TEST(StatusPageTest, EndpointRowsShowTheLeafTrustAndDaysLeft) {
  StatusView view = View({Plain("web", false)});
  std::string page = RenderStatusPage(view);
  EXPECT_NE(page.find("<td class=\"cert\">CN=web.example</td><td class=\"cert\">CN=Public CA</td>"
                      "<td class=\"num bad\">-2.0</td>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<li class=\"bad\">public: expired</li>"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"ok\">match</td><td class=\"ok\">complete</td>"), std::string::npos);
  EXPECT_NE(page.find("FAIL</span> certificate: <strong>expired</strong>"), std::string::npos);
}

TEST(StatusPageTest, LongListsStopAtTheBudgetAndCountTheRest) {
  auto r = Plain("wide", true);
  const std::size_t rows = model::budget::kStatusPageRows.value;
  r->endpoints.resize(rows + 6, r->endpoints.front());
  r->log.assign(rows + 3, "line");
  StatusView view = View({r});
  std::string page = RenderStatusPage(view);
  std::size_t count = 0;
  for (std::size_t at = page.find("198.51.100.1"); at != std::string::npos;
       at = page.find("198.51.100.1", at + 1))
    ++count;
  EXPECT_EQ(count, rows);
  EXPECT_NE(page.find("6 more endpoints not shown (the target&#39;s page has them)"), std::string::npos);
  std::string target = RenderTargetPage(view, "wide", r.get());
  // rows + 3 kept lines and the closing line: 4 beyond the budget.
  EXPECT_NE(target.find("4 more lines not shown"), std::string::npos);
  EXPECT_NE(target.find("6 more endpoints not shown (the JSON has them all)"), std::string::npos);
  // A huge value is cut.
  r->endpoints.front().chain->certs.front().Edit(
      [&](model::CertFacts& f) { f.subject = "CN=" + std::string(100000, 'x'); });
  std::string cut = RenderStatusPage(View({r}));
  EXPECT_NE(cut.find("[truncated "), std::string::npos);
  EXPECT_LT(cut.size(), page.size() + 2 * model::budget::kStatusPageValueBytes.value);
}

TEST(StatusPageTest, TargetPageHasChainDnsDiscoveryAndLog) {
  StatusView view = View({Deployment("contoso.test")});
  std::string page = RenderTargetPage(view, "contoso.test", view.results[0].get());
  ExpectOnlyOurMarkup(page);
  EXPECT_NE(page.find("<title>contoso.test - lyncdiscover_exporter</title>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"/status?target=contoso.test&amp;format=json\">"), std::string::npos);
  // The whole chain, leaf first.
  EXPECT_LT(page.find("CN=&lt;script&gt;"), page.find("CN=Contoso Issuing CA"));
  EXPECT_NE(page.find("<td class=\"num\">1</td><td class=\"cert\">CN=Contoso Issuing CA</td>"),
            std::string::npos);
  EXPECT_NE(page.find("RSA 2048"), std::string::npos);
  // Discovery and DNS.
  EXPECT_NE(page.find("<span class=\"label\">user</span> <span class=\"url\">javascript:"),
            std::string::npos);
  EXPECT_NE(page.find("<td>lyncdiscoverinternal.contoso.test</td><td>corp</td>"), std::string::npos);
  // The probe's log lines, in order, inside the log block.
  std::size_t log = page.find("<pre class=\"log\">");
  ASSERT_NE(log, std::string::npos);
  EXPECT_EQ(page.find("level=debug msg=&quot;step&quot; step=dns\n&lt;/pre&gt;", log), log + 17) << page;
  EXPECT_NE(page.find("NOT READY"), std::string::npos);
}

// A deployment with `auth`: the sign-in's outcome per network, its failing
// step and reason, the server's words escaped.
TEST(StatusPageTest, TargetPageShowsTheUcwaSignin) {
  StatusView view = View({Deployment("contoso.test")});
  auto result = std::make_shared<model::ProbeResult>(*view.results[0]);
  result->networks[0].signin = model::UcwaSignin{false,
                                                 model::UcwaStep::kApplications,
                                                 model::Reason::kHttpStatus,
                                                 "answered 403 (<b>no</b>)",
                                                 {{model::UcwaStep::kToken, std::chrono::milliseconds(250)}}};
  result->networks[1].signin = model::UcwaSignin{true, model::UcwaStep::kToken, model::Reason::kOk, "", {}};
  std::string page = RenderTargetPage(view, "contoso.test", result.get());
  ExpectOnlyOurMarkup(page);
  EXPECT_NE(page.find("UCWA sign-in"), std::string::npos);
  EXPECT_NE(page.find("applications: http_status <span class=\"muted\">answered 403 (&lt;b&gt;no&lt;/b&gt;)"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("token 0.250 s"), std::string::npos);
  EXPECT_NE(page.find("signed in"), std::string::npos);
  // Without `auth`, no sign-in table.
  std::string plain = RenderTargetPage(view, "contoso.test", view.results[0].get());
  EXPECT_EQ(plain.find("UCWA sign-in"), std::string::npos);
}

TEST(StatusPageTest, TargetWithoutAResultYetSaysSo) {
  StatusView view = View({});
  view.configured = {"pending"};
  std::string page = RenderTargetPage(view, "pending", nullptr);
  ExpectOnlyOurMarkup(page);
  EXPECT_NE(page.find("has not finished yet"), std::string::npos);
  std::string all = RenderStatusPage(view);
  EXPECT_NE(all.find("No probe has finished yet."), std::string::npos);
  EXPECT_NE(all.find(">1 waiting for a first probe</span>"), std::string::npos);
}

TEST(StatusPageTest, ContentSecurityPolicyAllowsExactlyThePagesStyleSheet) {
  std::string page = RenderStatusPage(View({}));
  auto open = page.find("<style>");
  auto close = page.find("</style>");
  ASSERT_NE(open, std::string::npos);
  std::string css = page.substr(open + 7, close - open - 7);
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(css);
  std::ostringstream hash;
  {
    Poco::Base64Encoder base64(hash);
    base64.write(reinterpret_cast<const char*>(sha.digest().data()), 32);
  }
  EXPECT_EQ(StatusPageContentSecurityPolicy(),
            "default-src 'none'; style-src 'sha256-" + hash.str() +
                "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  EXPECT_EQ(page.find(" style="), std::string::npos);  // the hash would block inline style attributes
  EXPECT_EQ(std::count(page.begin(), page.end(), '<') - std::count(page.begin(), page.end(), '>'), 0);
}

}  // namespace
}  // namespace lde::app
