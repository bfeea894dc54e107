// ResultsToJson, read back with Poco::JSON: the fields, their types, and
// strings from hostile certificates (quotes, newlines, control characters)
// surviving the round trip.
#include "app/result_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace lde::app {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using std::chrono::seconds;

Object::Ptr Parse(const std::string& text) {
  Poco::JSON::Parser parser;
  auto root = parser.parse(text).extract<Object::Ptr>();
  EXPECT_FALSE(root.isNull());
  return root;
}

Array::Ptr Results(const std::string& text) { return Parse(text)->getArray("results"); }

model::ProbeResult FullResult() {
  model::ProbeResult r;
  r.target = "contoso.test";
  r.kind = "lync";
  r.success = false;
  r.started = SysTime() + seconds(1700000000);
  r.duration = std::chrono::milliseconds(1250);
  r.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain,
                                 "lyncdiscoverinternal.contoso.test: no such name"};
  model::DnsOutcome dns;
  dns.host = "lyncdiscover.contoso.test";
  dns.resolver = "external";
  dns.success = true;
  dns.addresses = {"192.0.2.1", "2001:db8::1"};
  r.dns.push_back(dns);
  model::DnsOutcome nx;
  nx.host = "lyncdiscoverinternal.contoso.test";
  nx.resolver = "system";
  nx.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "no such name"};
  r.dns.push_back(nx);

  model::EndpointReport e;
  e.role = model::Role::kDiscoveryExternal;
  e.network = model::Network::kExternal;
  e.endpoint = model::Endpoint{"lyncdiscover.contoso.test", "192.0.2.1", 443};
  e.tls = model::TlsObservation{};
  e.tls->protocol = "TLSv1.3";
  e.tls->cipher = "TLS_AES_256_GCM_SHA384";
  e.http = model::HttpObservation{};
  e.http->status = 200;
  model::ChainReport chain;
  model::CertFacts leaf;
  leaf.subject = "CN=lyncdiscover.contoso.test";
  leaf.issuer = "CN=Contoso Issuing CA";
  leaf.serial_hex = "0a1b";
  leaf.sha256_hex = "ab12";
  leaf.not_before = SysTime() + seconds(1690000000);
  leaf.not_after = SysTime() + seconds(1790000000);
  leaf.dns_names = {"lyncdiscover.contoso.test", "*.contoso.test"};
  chain.certs.push_back(leaf);
  chain.trust.push_back(
      {"public", model::TrustReason::kUnknownIssuer, 20, "unable to get local issuer certificate"});
  chain.trust.push_back({"corp", model::TrustReason::kOk, 0, ""});
  chain.hostname_match = true;
  chain.complete = true;
  chain.ordered = false;
  e.chain = chain;
  r.endpoints.push_back(e);

  model::EndpointReport refused;
  refused.endpoint = model::Endpoint{"web.contoso.test", "192.0.2.7", 4443};
  refused.failure = model::StepFailure{model::Step::kConnect, model::Reason::kConnectionRefused, "refused"};
  r.endpoints.push_back(refused);

  model::NetworkReport n;
  n.network = model::Network::kExternal;
  n.discovery_success = true;
  n.discovery_host = "lyncdiscover.contoso.test";
  n.links = {{"user", "https://web.contoso.test/Autodiscover/AutodiscoverService.svc/root/user"}};
  n.oauth_challenge = true;
  n.oauth_href = "https://web.contoso.test/WebTicket/oauthtoken";
  n.xml_discovery_success = false;
  n.http_legs = {
      {"lyncdiscover.contoso.test", 301, model::HttpLeg::kHttpsRedirect, "https://lyncdiscover.contoso.test/",
       ""},
      {"lyncdiscoverinternal.contoso.test", 0, model::HttpLeg::kUnreachable, "", "connection refused"}};
  n.verdicts.push_back({"modern", false,
                        model::StepFailure{model::Step::kWebTls, model::Reason::kHostnameMismatch, "web"},
                        "192.0.2.80"});
  n.verdicts.push_back({"legacy", true, std::nullopt, "", model::DiscoveryLeg::kHttp});
  n.discovery_leg = model::DiscoveryLeg::kHttp;
  r.networks.push_back(n);
  r.log = {"ts=1 level=info msg=start", "ts=2 level=info msg=done"};
  return r;
}

std::string Render(const model::ProbeResult& r) {
  return ResultsToJson({std::make_shared<const model::ProbeResult>(r)});
}

TEST(ResultsToJsonTest, EmptyListIsAnEmptyArray) {
  auto results = Results(ResultsToJson({}));
  ASSERT_FALSE(results.isNull());
  EXPECT_EQ(results->size(), 0u);
}

TEST(ResultsToJsonTest, TargetLevelFields) {
  auto results = Results(Render(FullResult()));
  ASSERT_EQ(results->size(), 1u);
  auto r = results->getObject(0);
  EXPECT_EQ(r->getValue<std::string>("target"), "contoso.test");
  EXPECT_EQ(r->getValue<std::string>("kind"), "lync");
  EXPECT_FALSE(r->getValue<bool>("success"));
  EXPECT_EQ(r->getValue<Poco::Int64>("started"), 1700000000);
  EXPECT_DOUBLE_EQ(r->getValue<double>("duration_seconds"), 1.25);
  auto failure = r->getObject("failure");
  ASSERT_FALSE(failure.isNull());
  EXPECT_EQ(failure->getValue<std::string>("step"), "dns");
  EXPECT_EQ(failure->getValue<std::string>("reason"), "nxdomain");
  auto log = r->getArray("log");
  ASSERT_EQ(log->size(), 3u);  // the two kept, then the closing line made from the result
  EXPECT_EQ(log->getElement<std::string>(1), "ts=2 level=info msg=done");
  EXPECT_EQ(log->getElement<std::string>(2), "probe finished success=false duration=1.250");
}

TEST(ResultsToJsonTest, DnsLookups) {
  auto dns = Results(Render(FullResult()))->getObject(0)->getArray("dns");
  ASSERT_EQ(dns->size(), 2u);
  auto ok = dns->getObject(0);
  EXPECT_EQ(ok->getValue<std::string>("host"), "lyncdiscover.contoso.test");
  EXPECT_EQ(ok->getValue<std::string>("resolver"), "external");
  EXPECT_TRUE(ok->getValue<bool>("success"));
  ASSERT_EQ(ok->getArray("addresses")->size(), 2u);
  EXPECT_EQ(ok->getArray("addresses")->getElement<std::string>(1), "2001:db8::1");
  EXPECT_FALSE(ok->has("failure"));
  auto nx = dns->getObject(1);
  EXPECT_FALSE(nx->getValue<bool>("success"));
  EXPECT_EQ(nx->getArray("addresses")->size(), 0u);
  EXPECT_EQ(nx->getObject("failure")->getValue<std::string>("detail"), "no such name");
}

TEST(ResultsToJsonTest, EndpointWithChain) {
  auto endpoints = Results(Render(FullResult()))->getObject(0)->getArray("endpoints");
  ASSERT_EQ(endpoints->size(), 2u);
  auto e = endpoints->getObject(0);
  EXPECT_EQ(e->getValue<std::string>("endpoint"), "lyncdiscover.contoso.test:443");
  EXPECT_EQ(e->getValue<std::string>("address"), "192.0.2.1");
  EXPECT_EQ(e->getValue<std::string>("role"), "discovery_external");
  EXPECT_EQ(e->getValue<std::string>("network"), "external");
  EXPECT_EQ(e->getValue<std::string>("tls_version"), "TLSv1.3");
  EXPECT_EQ(e->getValue<std::string>("cipher"), "TLS_AES_256_GCM_SHA384");
  EXPECT_EQ(e->getValue<int>("http_status"), 200);
  EXPECT_FALSE(e->has("failure"));

  auto chain = e->getObject("chain");
  ASSERT_FALSE(chain.isNull());
  EXPECT_TRUE(chain->getValue<bool>("hostname_match"));
  EXPECT_TRUE(chain->getValue<bool>("complete"));
  EXPECT_FALSE(chain->getValue<bool>("ordered"));
  auto certs = chain->getArray("certificates");
  ASSERT_EQ(certs->size(), 1u);
  auto leaf = certs->getObject(0);
  EXPECT_EQ(leaf->getValue<std::string>("subject"), "CN=lyncdiscover.contoso.test");
  EXPECT_EQ(leaf->getValue<std::string>("issuer"), "CN=Contoso Issuing CA");
  EXPECT_EQ(leaf->getValue<std::string>("serial"), "0a1b");
  EXPECT_EQ(leaf->getValue<std::string>("sha256"), "ab12");
  EXPECT_EQ(leaf->getValue<Poco::Int64>("not_before"), 1690000000);
  EXPECT_EQ(leaf->getValue<Poco::Int64>("not_after"), 1790000000);
  ASSERT_EQ(leaf->getArray("dns_names")->size(), 2u);
  EXPECT_EQ(leaf->getArray("dns_names")->getElement<std::string>(1), "*.contoso.test");
  EXPECT_FALSE(leaf->has("der"));  // described, never dumped

  auto trust = chain->getArray("trust");
  ASSERT_EQ(trust->size(), 2u);
  EXPECT_EQ(trust->getObject(0)->getValue<std::string>("store"), "public");
  EXPECT_FALSE(trust->getObject(0)->getValue<bool>("trusted"));
  EXPECT_EQ(trust->getObject(0)->getValue<std::string>("reason"), "unknown_issuer");
  EXPECT_EQ(trust->getObject(0)->getValue<std::string>("detail"), "unable to get local issuer certificate");
  EXPECT_TRUE(trust->getObject(1)->getValue<bool>("trusted"));
  EXPECT_EQ(trust->getObject(1)->getValue<std::string>("reason"), "ok");
}

TEST(ResultsToJsonTest, EndpointWithoutHandshakeHasOnlyWhatWasObserved) {
  auto e = Results(Render(FullResult()))->getObject(0)->getArray("endpoints")->getObject(1);
  EXPECT_EQ(e->getValue<std::string>("endpoint"), "web.contoso.test:4443");
  EXPECT_FALSE(e->has("role"));
  EXPECT_FALSE(e->has("network"));
  EXPECT_FALSE(e->has("tls_version"));
  EXPECT_FALSE(e->has("http_status"));
  EXPECT_FALSE(e->has("chain"));
  EXPECT_FALSE(e->has("aia_fetch"));
  auto failure = e->getObject("failure");
  ASSERT_FALSE(failure.isNull());
  EXPECT_EQ(failure->getValue<std::string>("step"), "connect");
  EXPECT_EQ(failure->getValue<std::string>("reason"), "connection_refused");
}

TEST(ResultsToJsonTest, AiaFetchOutcomeWithItsUrlAndDetail) {
  model::ProbeResult r = FullResult();
  r.endpoints.front().issuer_fetch = model::IssuerFetchReport{
      model::IssuerFetchStatus::kUnavailable, "http://aia.contoso.test/issuing.crt", "timeout: no answer"};
  auto fetch = Results(Render(r))->getObject(0)->getArray("endpoints")->getObject(0)->getObject("aia_fetch");
  ASSERT_FALSE(fetch.isNull());
  EXPECT_EQ(fetch->getValue<std::string>("status"), "unavailable");
  EXPECT_EQ(fetch->getValue<std::string>("url"), "http://aia.contoso.test/issuing.crt");
  EXPECT_EQ(fetch->getValue<std::string>("detail"), "timeout: no answer");
}

TEST(ResultsToJsonTest, RequiredNamesWithWhatIsMissing) {
  model::ProbeResult r = FullResult();
  r.endpoints.front().san = model::SanReport{model::Role::kDiscoveryExternal,
                                             {"lyncdiscover.contoso.test", "lyncdiscover.fabrikam.test"},
                                             {"lyncdiscover.fabrikam.test"},
                                             3};
  auto endpoints = Results(Render(r))->getObject(0)->getArray("endpoints");
  auto san = endpoints->getObject(0)->getObject("san");
  ASSERT_FALSE(san.isNull());
  EXPECT_EQ(san->getValue<std::string>("judged_as"), "discovery_external");
  ASSERT_EQ(san->getArray("required")->size(), 2u);
  EXPECT_EQ(san->getArray("required")->getElement<std::string>(1), "lyncdiscover.fabrikam.test");
  ASSERT_EQ(san->getArray("missing")->size(), 1u);
  EXPECT_EQ(san->getArray("missing")->getElement<std::string>(0), "lyncdiscover.fabrikam.test");
  EXPECT_EQ(san->getValue<int>("names_dropped"), 3);
  // An endpoint that was not judged has no "san" at all.
  EXPECT_FALSE(endpoints->getObject(1)->has("san"));
}

TEST(ResultsToJsonTest, LiveOcspAndRevocationUrlsPerCertificate) {
  model::ProbeResult r = FullResult();
  model::ChainReport& chain = *r.endpoints.front().chain;
  chain.ocsp = {model::OcspReport{model::OcspStatus::kRevoked, "http://ocsp.contoso.test/",
                                  SysTime() + seconds(1700000000), SysTime() + seconds(1700003600),
                                  SysTime() + seconds(1690000000), "revoked, reason keyCompromise"}};
  chain.revocation_urls = {{0, model::RevocationUrlKind::kOcsp, "http://ocsp.contoso.test/", true},
                           {0, model::RevocationUrlKind::kCrl, "http://pki.contoso.test/issuing.crl", false}};
  auto json = Results(Render(r))->getObject(0)->getArray("endpoints")->getObject(0)->getObject("chain");
  auto ocsp = json->getArray("ocsp");
  ASSERT_EQ(ocsp->size(), 1u);
  EXPECT_EQ(ocsp->getObject(0)->getValue<std::string>("status"), "revoked");
  EXPECT_EQ(ocsp->getObject(0)->getValue<std::string>("url"), "http://ocsp.contoso.test/");
  EXPECT_EQ(ocsp->getObject(0)->getValue<Poco::Int64>("next_update"), 1700003600);
  EXPECT_EQ(ocsp->getObject(0)->getValue<std::string>("detail"), "revoked, reason keyCompromise");
  auto urls = json->getArray("revocation_urls");
  ASSERT_EQ(urls->size(), 2u);
  EXPECT_EQ(urls->getObject(1)->getValue<std::string>("kind"), "crl");
  EXPECT_EQ(urls->getObject(1)->getValue<Poco::UInt64>("position"), 0u);
  EXPECT_EQ(urls->getObject(1)->getValue<std::string>("url"), "http://pki.contoso.test/issuing.crl");
  EXPECT_FALSE(urls->getObject(1)->getValue<bool>("up"));
  EXPECT_TRUE(urls->getObject(0)->getValue<bool>("up"));
}

TEST(ResultsToJsonTest, Networks) {
  auto networks = Results(Render(FullResult()))->getObject(0)->getArray("networks");
  ASSERT_FALSE(networks.isNull());
  ASSERT_EQ(networks->size(), 1u);
  auto n = networks->getObject(0);
  EXPECT_EQ(n->getValue<std::string>("network"), "external");
  EXPECT_TRUE(n->getValue<bool>("discovery_success"));
  EXPECT_EQ(n->getValue<std::string>("discovery_host"), "lyncdiscover.contoso.test");
  ASSERT_EQ(n->getArray("links")->size(), 1u);
  EXPECT_EQ(n->getArray("links")->getObject(0)->getValue<std::string>("rel"), "user");
  EXPECT_TRUE(n->getValue<bool>("oauth_challenge"));
  EXPECT_EQ(n->getValue<std::string>("oauth_href"), "https://web.contoso.test/WebTicket/oauthtoken");
  ASSERT_TRUE(n->has("xml_discovery_success"));
  EXPECT_FALSE(n->getValue<bool>("xml_discovery_success"));
  auto verdicts = n->getArray("verdicts");
  ASSERT_EQ(verdicts->size(), 2u);
  EXPECT_EQ(verdicts->getObject(0)->getValue<std::string>("profile"), "modern");
  EXPECT_FALSE(verdicts->getObject(0)->getValue<bool>("ready"));
  EXPECT_EQ(verdicts->getObject(0)->getObject("failure")->getValue<std::string>("reason"),
            "hostname_mismatch");
  EXPECT_EQ(verdicts->getObject(0)->getValue<std::string>("failure_address"), "192.0.2.80");
  EXPECT_TRUE(verdicts->getObject(1)->getValue<bool>("ready"));
  EXPECT_FALSE(verdicts->getObject(1)->has("failure"));
  EXPECT_FALSE(verdicts->getObject(1)->has("failure_address"));
  // The leg of the document each profile reached; none before a document.
  EXPECT_EQ(verdicts->getObject(1)->getValue<std::string>("leg"), "http");
  EXPECT_FALSE(verdicts->getObject(0)->has("leg"));
  EXPECT_EQ(n->getValue<std::string>("discovery_leg"), "http");
  auto legs = n->getArray("http_legs");
  ASSERT_EQ(legs->size(), 2u);
  EXPECT_EQ(legs->getObject(0)->getValue<std::string>("host"), "lyncdiscover.contoso.test");
  EXPECT_EQ(legs->getObject(0)->getValue<int>("status"), 301);
  EXPECT_EQ(legs->getObject(0)->getValue<std::string>("leads_to"), "https_redirect");
  EXPECT_EQ(legs->getObject(0)->getValue<std::string>("location"), "https://lyncdiscover.contoso.test/");
  EXPECT_FALSE(legs->getObject(0)->has("detail"));
  EXPECT_EQ(legs->getObject(1)->getValue<std::string>("leads_to"), "unreachable");
  EXPECT_EQ(legs->getObject(1)->getValue<std::string>("detail"), "connection refused");
  EXPECT_FALSE(legs->getObject(1)->has("location"));
}

// The sign-in's outcome, failing step and timings; absent without `auth`.
TEST(ResultsToJsonTest, UcwaSignin) {
  auto r = FullResult();
  EXPECT_FALSE(Results(Render(r))->getObject(0)->getArray("networks")->getObject(0)->has("signin"));
  r.networks.front().signin =
      model::UcwaSignin{false,
                        model::UcwaStep::kApplications,
                        model::Reason::kHttpStatus,
                        "the applications resource answered 403",
                        {{model::UcwaStep::kToken, std::chrono::milliseconds(250)},
                         {model::UcwaStep::kUser, std::chrono::milliseconds(100)},
                         {model::UcwaStep::kApplications, std::chrono::milliseconds(500)}},
                        /*credentials_withheld=*/true};
  auto signin = Results(Render(r))->getObject(0)->getArray("networks")->getObject(0)->getObject("signin");
  ASSERT_FALSE(signin.isNull());
  EXPECT_FALSE(signin->getValue<bool>("success"));
  EXPECT_EQ(signin->getValue<std::string>("failed_step"), "applications");
  EXPECT_EQ(signin->getValue<std::string>("reason"), "http_status");
  EXPECT_EQ(signin->getValue<std::string>("detail"), "the applications resource answered 403");
  EXPECT_TRUE(signin->getValue<bool>("credentials_withheld"));
  auto steps = signin->getArray("steps");
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ(steps->getObject(2)->getValue<std::string>("step"), "applications");
  EXPECT_DOUBLE_EQ(steps->getObject(2)->getValue<double>("seconds"), 0.5);
  r.networks.front().signin = model::UcwaSignin{true, model::UcwaStep::kToken, model::Reason::kOk, "", {}};
  signin = Results(Render(r))->getObject(0)->getArray("networks")->getObject(0)->getObject("signin");
  EXPECT_TRUE(signin->getValue<bool>("success"));
  EXPECT_FALSE(signin->has("failed_step"));
}

TEST(ResultsToJsonTest, OptionalPartsLeftOut) {
  model::ProbeResult r;
  r.target = "plain";
  r.kind = "tls";
  r.success = true;
  auto o = Results(Render(r))->getObject(0);
  EXPECT_FALSE(o->has("failure"));
  EXPECT_FALSE(o->has("networks"));
  EXPECT_EQ(o->getArray("endpoints")->size(), 0u);
  EXPECT_EQ(o->getArray("dns")->size(), 0u);
  auto with_network = FullResult();
  with_network.networks.front().xml_discovery_success.reset();
  auto n = Results(Render(with_network))->getObject(0)->getArray("networks")->getObject(0);
  EXPECT_FALSE(n->has("xml_discovery_success"));
}

TEST(ResultsToJsonTest, ResultsKeepTheirOrder) {
  model::ProbeResult a;
  a.target = "a";
  model::ProbeResult b;
  b.target = "b";
  auto results = Results(ResultsToJson(
      {std::make_shared<const model::ProbeResult>(b), std::make_shared<const model::ProbeResult>(a)}));
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ(results->getObject(0)->getValue<std::string>("target"), "b");
  EXPECT_EQ(results->getObject(1)->getValue<std::string>("target"), "a");
}

TEST(ResultsToJsonTest, HostileStringsRoundTrip) {
  const std::vector<std::string> hostile = {
      R"(CN="quoted", O=Evil\, Inc.)",    "CN=line1\nline2\r\n",
      std::string("CN=ctl\x01\x1f\tend"), R"(CN=back\slash /slash "}]},)",
      "CN=M\xc3\xbcnchen \xe2\x82\xac",
  };
  for (const auto& text : hostile) {
    SCOPED_TRACE(text);
    auto r = FullResult();
    r.endpoints.front().chain->certs.front().Edit([&](model::CertFacts& f) { f.subject = text; });
    r.endpoints.front().chain->certs.front().Edit([&](model::CertFacts& f) { f.dns_names = {text}; });
    r.endpoints.front().chain->trust.front().detail = text;
    r.log = {text};
    std::string json = Render(r);
    Object::Ptr root;
    ASSERT_NO_THROW(root = Parse(json)) << json;
    auto result = root->getArray("results")->getObject(0);
    auto chain = result->getArray("endpoints")->getObject(0)->getObject("chain");
    auto leaf = chain->getArray("certificates")->getObject(0);
    EXPECT_EQ(leaf->getValue<std::string>("subject"), text);
    EXPECT_EQ(leaf->getArray("dns_names")->getElement<std::string>(0), text);
    EXPECT_EQ(chain->getArray("trust")->getObject(0)->getValue<std::string>("detail"), text);
    EXPECT_EQ(result->getArray("log")->getElement<std::string>(0), text);
  }
}

TEST(ResultsToJsonTest, InvalidUtf8FromAPeerBecomesReplacementCharacters) {
  // HttpResponseParser quotes a garbage status line into the failure detail.
  auto r = FullResult();
  r.endpoints.back().failure->detail = "malformed status line: '\x16\x03\x01\xff\xfe'";
  r.endpoints.front().chain->certs.front().Edit([&](model::CertFacts& f) { f.dns_names = {"bad\xc3"}; });
  std::string json = Render(r);
  Object::Ptr root;
  ASSERT_NO_THROW(root = Parse(json)) << json;
  auto endpoints = root->getArray("results")->getObject(0)->getArray("endpoints");
  EXPECT_EQ(endpoints->getObject(1)->getObject("failure")->getValue<std::string>("detail"),
            "malformed status line: '\x16\x03\x01\xef\xbf\xbd\xef\xbf\xbd'");
  EXPECT_EQ(endpoints->getObject(0)
                ->getObject("chain")
                ->getArray("certificates")
                ->getObject(0)
                ->getArray("dns_names")
                ->getElement<std::string>(0),
            "bad\xef\xbf\xbd");
}

// CR, NUL and the other C0 controls are escaped by POCO; DEL and C1 controls
// (legal JSON, but control characters a peer chose) are escaped too, and bytes
// that are not UTF-8 become U+FFFD: no raw control byte reaches the text.
TEST(ResultsToJsonTest, NoRawControlCharacterReachesTheText) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  const std::string controls = std::string("a\r\n\0b\x1b[2J\x7f", 10) + "\xC2\x85\xC2\x9B" + "z";
  auto r = FullResult();
  r.endpoints.front().chain->certs.front().Edit([&](model::CertFacts& f) { f.subject = controls; });
  r.networks.front().links.front().href = every_byte;
  r.log = {controls};
  const std::string json = Render(r);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const auto c = static_cast<unsigned char>(json[i]);
    ASSERT_TRUE(c == '\n' || (c >= 0x20 && c != 0x7F)) << "byte " << static_cast<int>(c) << " at " << i;
    if (c == 0xC2 && i + 1 < json.size()) {
      ASSERT_GE(static_cast<unsigned char>(json[i + 1]), 0xA0) << "a raw C1 control at " << i;
    }
  }
  EXPECT_TRUE(IsValidUtf8(json));
  EXPECT_NE(json.find(R"(a\r\n\u0000b\u001B[2J\u007F\u0085\u009Bz)"), std::string::npos) << json;
  // Escapes are lossless for what is valid UTF-8.
  Object::Ptr root;
  ASSERT_NO_THROW(root = Parse(json));
  auto result = root->getArray("results")->getObject(0);
  auto leaf =
      result->getArray("endpoints")->getObject(0)->getObject("chain")->getArray("certificates")->getObject(0);
  EXPECT_EQ(leaf->getValue<std::string>("subject"), controls);
  EXPECT_EQ(result->getArray("log")->getElement<std::string>(0), controls);
}

TEST(ResultsToJsonTest, EndsWithANewline) {
  std::string json = ResultsToJson({});
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.back(), '\n');
}

}  // namespace
}  // namespace lde::app
