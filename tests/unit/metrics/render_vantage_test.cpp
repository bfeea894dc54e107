// The vantage label (global.vantage) is on every series an instance serves,
// /metrics and /probe alike, and changes nothing else; the instance's shard
// and selection are published as its own families.

#include <gtest/gtest.h>

#include <string>

#include "metrics/render.h"
#include "prometheus/text_serializer.h"
#include "sample_results.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::metrics {
namespace {

using testsupport::Exposition;
using testsupport::ParseExposition;

Exposition Parsed(const std::string& text) {
  auto parsed = ParseExposition(text);
  EXPECT_TRUE(parsed.ok()) << parsed.error().detail;
  return parsed.ok() ? parsed.value() : Exposition{};
}

// `labelled` is `plain` with vantage="NAME" added to every sample, in the
// same order: nothing dropped, added or changed besides.
void ExpectSameWithVantage(const Exposition& plain, const Exposition& labelled, const std::string& vantage) {
  ASSERT_EQ(labelled.samples.size(), plain.samples.size());
  ASSERT_GT(plain.samples.size(), 50u);  // not vacuous: the sample data has many series
  for (std::size_t i = 0; i < plain.samples.size(); ++i) {
    const testsupport::Sample& a = plain.samples[i];
    testsupport::Sample b = labelled.samples[i];
    EXPECT_EQ(b.labels["vantage"], vantage) << b.name;
    b.labels.erase("vantage");
    EXPECT_EQ(b.name, a.name);
    EXPECT_EQ(b.labels, a.labels) << a.name;
    EXPECT_EQ(b.value, a.value) << a.name;
  }
}

TEST(RenderVantageTest, EverySeriesOfMetricsCarriesTheVantage) {
  const auto snap = testdata::FullSnapshot();
  ExporterState state = testdata::SampleState();
  const std::string plain = RenderText(snap, state);
  EXPECT_EQ(plain.find("vantage="), std::string::npos);
  state.vantage = "outside";
  const std::string labelled = RenderText(snap, state);
  ExpectSameWithVantage(Parsed(plain), Parsed(labelled), "outside");
  // The three renderings still agree with each other.
  EXPECT_EQ(labelled, prometheus::TextSerializer().Serialize(RenderMetrics(snap, state)));
  std::string streamed;
  StringSink sink(streamed);
  StreamText(snap, state, sink);
  EXPECT_EQ(streamed, labelled);
}

TEST(RenderVantageTest, EdgeCasesKeepTheirDuplicateRemovalWithTheVantage) {
  const auto snap = testdata::EdgeCaseSnapshot();
  ExporterState state = testdata::EdgeCaseState();
  const Exposition plain = Parsed(RenderText(snap, state));
  state.vantage = "dc-1.eu_west";
  const std::string labelled = RenderText(snap, state);
  ExpectSameWithVantage(plain, Parsed(labelled), "dc-1.eu_west");
  EXPECT_EQ(labelled, prometheus::TextSerializer().Serialize(RenderMetrics(snap, state)));
}

TEST(RenderVantageTest, ProbeAnswersCarryTheVantageToo) {
  const auto snap = testdata::FullSnapshot();
  ExpectSameWithVantage(Parsed(RenderResultsText(snap)), Parsed(RenderResultsText(snap, "inside")), "inside");
}

TEST(RenderVantageTest, InstanceShardAndSelectionArePublished) {
  ExporterState state = testdata::SampleState();
  state.vantage = "inside";
  const Exposition text = Parsed(RenderText({}, state));
  EXPECT_EQ(testsupport::FindSample(text, "lyncdiscover_exporter_instance_info",
                                    {{"shard", "2/3"}, {"networks", "external"}, {"vantage", "inside"}}),
            1);
  EXPECT_EQ(testsupport::FindSample(text, "lyncdiscover_exporter_targets", {{"selection", "probed"}}), 40);
  EXPECT_EQ(testsupport::FindSample(text, "lyncdiscover_exporter_targets", {{"selection", "other_shard"}}),
            81);
  EXPECT_EQ(
      testsupport::FindSample(text, "lyncdiscover_exporter_targets", {{"selection", "network_excluded"}}), 3);
  // Without instance state (tests, --once) neither family is written.
  state.instance.reset();
  const Exposition bare = Parsed(RenderText({}, state));
  EXPECT_EQ(testsupport::CountSeries(bare, "lyncdiscover_exporter_instance_info"), 0u);
  EXPECT_EQ(testsupport::CountSeries(bare, "lyncdiscover_exporter_targets"), 0u);
}

}  // namespace
}  // namespace lde::metrics
