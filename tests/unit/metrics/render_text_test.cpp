// RenderText writes the exposition itself, family by family; it must stay
// byte for byte what prometheus-cpp's TextSerializer writes for
// RenderMetrics, which the daemon served before.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>

#include "metrics/render.h"
#include "metrics/render_parts.h"
#include "prometheus/text_serializer.h"
#include "results/held_result.h"
#include "sample_results.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::metrics {
namespace {

std::string SerializedRenderMetrics(const results::ResultStore::Snapshot& snap, const ExporterState& state) {
  return prometheus::TextSerializer().Serialize(RenderMetrics(snap, state));
}

TEST(RenderTextTest, MatchesTextSerializerOnTheFullSnapshot) {
  const auto snap = testdata::FullSnapshot();
  const auto state = testdata::SampleState();
  EXPECT_EQ(RenderText(snap, state), SerializedRenderMetrics(snap, state));
}

TEST(RenderTextTest, MatchesTextSerializerOnEscapesAndDuplicates) {
  const auto snap = testdata::EdgeCaseSnapshot();
  const auto state = testdata::EdgeCaseState();
  const std::string text = RenderText(snap, state);
  EXPECT_EQ(text, SerializedRenderMetrics(snap, state));

  // The edge cases are really there: escaped values, and each repeated
  // series once (the strict parser rejects duplicate series).
  EXPECT_NE(text.find(R"(subject="CN=Evil \"Corp\"\\, Inc\nOU=x\\y")"), std::string::npos);
  EXPECT_NE(text.find(R"(target="quote\"d\\target\n")"), std::string::npos);
  EXPECT_NE(text.find(R"(version="1.0 \"rc\\1\"\n")"), std::string::npos);
  auto parsed = testsupport::ParseExposition(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  // contoso's discovery_external chain (once, though listed twice in a
  // result listed twice) and its discovery_internal copy: 3 certs each.
  EXPECT_EQ(testsupport::CountSeries(parsed.value(), "lyncdiscover_cert_info"), 6u);
  EXPECT_EQ(testsupport::CountSeries(parsed.value(), "probe_success"), 3u);
}

// As ResultStore::Take lists them: sorted by target, each once. The edge
// cases keep their duplicates inside one result (a chain listed twice), so
// StreamText's per-target duplicate search is what removes them.
TEST(RenderTextTest, StreamTextOfAStoreSnapshotMatchesTextSerializer) {
  auto snap = testdata::EdgeCaseSnapshot();
  std::map<std::string, std::shared_ptr<const model::ProbeResult>> by_target;
  for (const auto& r : snap.results) {
    if (r) by_target.try_emplace(r->target, r);
  }
  snap.results.clear();
  for (auto& [target, r] : by_target) snap.results.push_back(r);
  const auto state = testdata::EdgeCaseState();
  std::string streamed;
  StringSink sink(streamed);
  StreamText(snap, state, sink);
  EXPECT_EQ(streamed, SerializedRenderMetrics(snap, state));
  EXPECT_EQ(streamed, RenderText(snap, state));
  auto parsed = testsupport::ParseExposition(streamed);
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  EXPECT_EQ(testsupport::CountSeries(parsed.value(), "lyncdiscover_cert_info"), 6u);
}

// The store keeps results without their DER and HTTP bodies
// (results::DropUnservedBytes): the scrape must not change.
TEST(RenderTextTest, DroppingTheUnservedBytesChangesNoSeries) {
  for (const auto& full : {testdata::FullSnapshot(), testdata::EdgeCaseSnapshot()}) {
    results::ResultStore::Snapshot held = full;
    for (auto& r : held.results) {
      if (!r) continue;
      model::ProbeResult copy = *r;
      results::DropUnservedBytes(copy);
      r = std::make_shared<const model::ProbeResult>(std::move(copy));
    }
    EXPECT_EQ(RenderText(held, testdata::SampleState()), RenderText(full, testdata::SampleState()));
  }
}

TEST(RenderTextTest, FirstOfDuplicateSeriesWins) {
  auto first = testdata::DnsFailureResult();
  auto second = first;
  second.success = true;  // same target: the same probe_success series
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(first),
                  std::make_shared<const model::ProbeResult>(second)};
  const std::string text = RenderText(snap, {});
  EXPECT_EQ(text, SerializedRenderMetrics(snap, {}));
  EXPECT_EQ(testsupport::FindSample(text, "probe_success", {{"target", "broken"}}), 0);
}

TEST(RenderTextTest, MatchesTextSerializerOnAnEmptySnapshot) {
  EXPECT_EQ(RenderText({}, {}), SerializedRenderMetrics({}, {}));
  results::ResultStore::Snapshot nulls;
  nulls.results = {nullptr, nullptr};
  EXPECT_EQ(RenderText(nulls, testdata::SampleState()),
            SerializedRenderMetrics(nulls, testdata::SampleState()));
}

TEST(RenderTextTest, FamiliesAreSortedByNameAndListedOnce) {
  const auto families = SortedFamilies();
  ASSERT_FALSE(families.empty());
  for (std::size_t i = 1; i < families.size(); ++i) {
    EXPECT_LT(families[i - 1].def->name, families[i].def->name) << "at " << i;
  }
}

// So the comparisons above cover every family's emitter, not only some.
TEST(RenderTextTest, EdgeCasesRenderEveryFamily) {
  auto parsed =
      testsupport::ParseExposition(RenderText(testdata::EdgeCaseSnapshot(), testdata::EdgeCaseState()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  std::set<std::string> rendered;
  for (const auto& sample : parsed.value().samples) rendered.insert(sample.name);
  for (const FamilySpec& family : SortedFamilies()) {
    EXPECT_TRUE(rendered.contains(std::string(family.def->name))) << family.def->name;
  }
}

// GET /probe's answer: the results' own series, exactly as /metrics writes
// them, and none of the exporter's families.
TEST(RenderTextTest, ResultsTextIsRenderTextWithoutTheExporterFamilies) {
  const auto snap = testdata::FullSnapshot();
  const std::string text = RenderResultsText(snap);
  auto only = testsupport::ParseExposition(text);
  auto full = testsupport::ParseExposition(RenderText(snap, testdata::SampleState()));
  ASSERT_TRUE(only.ok()) << only.error().detail;
  ASSERT_TRUE(full.ok()) << full.error().detail;

  std::vector<FamilySpec> exporter;
  AddExporterFamilies(exporter);
  std::set<std::string> exporter_names;
  for (const FamilySpec& family : exporter) exporter_names.insert(std::string(family.def->name));
  std::size_t expected = 0;
  for (const auto& sample : full.value().samples) {
    bool from_exporter = false;
    for (const auto& name : exporter_names) from_exporter = from_exporter || sample.name.starts_with(name);
    if (from_exporter) continue;
    ++expected;
    EXPECT_EQ(testsupport::FindSample(only.value(), sample.name,
                                      testsupport::LabelSubset(sample.labels.begin(), sample.labels.end())),
              sample.value)
        << sample.name;
  }
  EXPECT_EQ(only.value().samples.size(), expected);
  for (const auto& sample : only.value().samples) {
    EXPECT_FALSE(sample.name.starts_with("lyncdiscover_exporter_")) << sample.name;
    EXPECT_FALSE(sample.name.starts_with("process_")) << sample.name;
  }
  EXPECT_EQ(testsupport::CountSeries(only.value(), "probe_success"), 2u);
  EXPECT_EQ(RenderResultsText({}), "");
}

}  // namespace
}  // namespace lde::metrics
