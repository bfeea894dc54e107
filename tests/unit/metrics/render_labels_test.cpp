// Label values that need escaping, and label-value conventions.

#include <gtest/gtest.h>

#include "metrics/label_values.h"
#include "metrics/render.h"
#include "sample_results.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::metrics {
namespace {

TEST(TlsVersionLabelTest, ConvertsOpenSslNamesToBlackboxSpelling) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {{"TLSv1.3", "TLS 1.3"},
               {"TLSv1.2", "TLS 1.2"},
               {"TLSv1.1", "TLS 1.1"},
               {"TLSv1", "TLS 1.0"},
               {"SSLv3", "SSL 3.0"},
               {"unknown", "unknown"},
               {"", ""}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    EXPECT_EQ(TlsVersionLabel(c.in), c.out);
  }
}

TEST(DnsNamesLabelTest, WrapsJoinedNamesInCommas) {
  EXPECT_EQ(DnsNamesLabel({"a.example", "b.example"}), ",a.example,b.example,");
  EXPECT_EQ(DnsNamesLabel({"only.example"}), ",only.example,");
  EXPECT_EQ(DnsNamesLabel({}), "");
}

TEST(RenderEscapingTest, QuotesBackslashesAndNewlinesRoundTrip) {
  const std::string evil_subject = "CN=Evil \"Corp\"\\, Inc\nOU=x\\y";
  const std::string evil_href = "https://h.example/a\"b\\c\nd";
  auto r = testdata::LyncResult();
  r.endpoints[0].chain->certs[0].Edit([&](model::CertFacts& f) { f.subject = evil_subject; });
  r.networks[0].links = {{"user", evil_href}};
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};

  std::string text = RenderText(snap, {});
  // Each raw special character is escaped: no line is broken by the newline.
  EXPECT_NE(text.find(R"(subject="CN=Evil \"Corp\"\\, Inc\nOU=x\\y")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(href="https://h.example/a\"b\\c\nd")"), std::string::npos) << text;

  auto parsed = testsupport::ParseExposition(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  EXPECT_EQ(testsupport::FindSample(parsed.value(), "lyncdiscover_cert_info",
                                    {{"position", "0"}, {"subject", evil_subject}}),
            1);
  EXPECT_EQ(
      testsupport::FindSample(parsed.value(), "lyncdiscover_discovery_link_info", {{"href", evil_href}}), 1);
}

TEST(RenderEscapingTest, Utf8LabelValuesPassThrough) {
  auto r = testdata::LyncResult();
  r.endpoints[0].chain->certs[0].Edit([&](model::CertFacts& f) { f.subject = "CN=Zürich Straße 東京"; });
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};
  EXPECT_EQ(testsupport::FindSample(RenderText(snap, {}), "lyncdiscover_cert_info",
                                    {{"subject", "CN=Zürich Straße 東京"}}),
            1);
}

TEST(RenderDuplicatesTest, DuplicateInputRendersOneSeries) {
  auto r = testdata::LyncResult();
  r.endpoints.push_back(r.endpoints[0]);  // same role, endpoint and address twice
  r.dns.push_back(r.dns[0]);
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};
  std::string text = RenderText(snap, {});
  // The strict parser rejects duplicate series; it must accept this.
  auto parsed = testsupport::ParseExposition(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  EXPECT_EQ(testsupport::CountSeries(parsed.value(), "lyncdiscover_cert_info"), 3u);
  EXPECT_EQ(testsupport::CountSeries(parsed.value(), "lyncdiscover_dns_lookup_success"), 2u);
}

TEST(RenderDuplicatesTest, SameEndpointUnderTwoRolesIsTwoSeries) {
  auto r = testdata::LyncResult();
  auto second = r.endpoints[0];
  second.role = model::Role::kDiscoveryInternal;
  r.endpoints.push_back(second);
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};
  EXPECT_EQ(testsupport::CountSeries(RenderText(snap, {}), "lyncdiscover_chain_complete"), 2u);
}

}  // namespace
}  // namespace lde::metrics
