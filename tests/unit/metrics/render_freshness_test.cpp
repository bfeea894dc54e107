// Series come from the current snapshot only: nothing outlives a scrape.

#include <gtest/gtest.h>

#include "metrics/render.h"
#include "results/result_store.h"
#include "sample_results.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::metrics {
namespace {

using testsupport::CountSeries;

TEST(RenderFreshnessTest, RotatedCertificateLeavesNoStaleSeries) {
  results::ResultStore store;
  auto before = testdata::LyncResult();
  store.Put(std::make_shared<const model::ProbeResult>(before));
  std::string first = RenderText(store.Take(), {});
  ASSERT_EQ(CountSeries(first, "lyncdiscover_cert_info", {{"serial", "0a01"}}), 1u);

  auto after = before;
  after.endpoints[0].chain->certs[0].Edit([&](model::CertFacts& f) { f.serial_hex = "ffee"; });
  store.Put(std::make_shared<const model::ProbeResult>(after));
  std::string second = RenderText(store.Take(), {});
  EXPECT_EQ(CountSeries(second, "lyncdiscover_cert_info", {{"serial", "0a01"}}), 0u);
  EXPECT_EQ(CountSeries(second, "lyncdiscover_cert_info", {{"serial", "ffee"}}), 1u);
  EXPECT_EQ(CountSeries(second, "lyncdiscover_cert_info", {{"position", "0"}}), 1u);
}

TEST(RenderFreshnessTest, EndpointThatDisappearsLeavesNoSeries) {
  results::ResultStore store;
  auto r = testdata::LyncResult();
  store.Put(std::make_shared<const model::ProbeResult>(r));
  ASSERT_EQ(CountSeries(RenderText(store.Take(), {}), "lyncdiscover_probe_failure_info",
                        {{"role", "web_external"}}),
            1u);
  r.endpoints.pop_back();
  store.Put(std::make_shared<const model::ProbeResult>(r));
  EXPECT_EQ(CountSeries(RenderText(store.Take(), {}), "lyncdiscover_probe_failure_info",
                        {{"role", "web_external"}}),
            0u);
}

TEST(RenderFreshnessTest, NoSeriesOfRemovedTargetAfterRetainOnly) {
  results::ResultStore store;
  store.Put(std::make_shared<const model::ProbeResult>(testdata::LyncResult()));
  store.Put(std::make_shared<const model::ProbeResult>(testdata::DnsFailureResult()));
  auto before = testsupport::ParseExposition(RenderText(store.Take(), {}));
  ASSERT_TRUE(before.ok());
  std::size_t contoso_before = 0;
  for (const auto& s : before.value().samples) {
    contoso_before += s.labels.count("target") && s.labels.at("target") == "contoso";
  }
  ASSERT_GT(contoso_before, 20u);

  store.RetainOnly({"broken"});
  auto after = testsupport::ParseExposition(RenderText(store.Take(), {}));
  ASSERT_TRUE(after.ok());
  for (const auto& s : after.value().samples) {
    auto it = s.labels.find("target");
    EXPECT_FALSE(it != s.labels.end() && it->second == "contoso") << s.name;
  }
  EXPECT_EQ(testsupport::FindSample(after.value(), "probe_success", {{"target", "broken"}}), 0);
  EXPECT_EQ(testsupport::FindSample(after.value(), "lyncdiscover_exporter_probes_total",
                                    {{"target", "broken"}, {"result", "failure"}}),
            1);
}

}  // namespace
}  // namespace lde::metrics
