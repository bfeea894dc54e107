#include "metrics/text_sizer.h"

#include <gtest/gtest.h>

#include <string>

#include "metrics/render.h"
#include "metrics/render_parts.h"
#include "metrics/text_writer.h"
#include "sample_results.h"

namespace lde::metrics {
namespace {

constexpr MetricDef kG{"g", "help", MetricType::Gauge};
constexpr MetricDef kNoHelp{"n_total", "", MetricType::Counter};

std::size_t SizeOf(const results::ResultStore::Snapshot& snap, const ExporterState& state) {
  TextSizer sizer;
  for (const FamilySpec& family : SortedFamilies()) {
    sizer.BeginFamily(*family.def);
    family.emit(snap, state, sizer);
    sizer.EndFamily();
  }
  return sizer.bytes();
}

TEST(TextSizerTest, CountsWhatTheWriterWrites) {
  const LabelRef escaped[] = {{"a", "q\"\\\n"}, {"b", ""}};
  const LabelRef plain[] = {{"a", "x"}};
  std::string text;
  StringSink sink(text);
  TextWriter writer(sink);
  TextSizer sizer;
  for (const MetricDef* def : {&kG, &kNoHelp}) {
    writer.BeginFamily(*def);
    sizer.BeginFamily(*def);
    for (SeriesSink* sink : {static_cast<SeriesSink*>(&writer), static_cast<SeriesSink*>(&sizer)}) {
      sink->Add(escaped, 1.5);
      sink->Add(plain, -0.0);
      sink->Add({}, 1e-7);
    }
    writer.EndFamily();
    sizer.EndFamily();
  }
  writer.Finish();
  EXPECT_EQ(sizer.bytes(), text.size());
}

TEST(TextSizerTest, FamilyWithoutSamplesCountsNothing) {
  TextSizer sizer;
  sizer.BeginFamily(kG);
  sizer.EndFamily();
  EXPECT_EQ(sizer.bytes(), 0u);
}

TEST(TextSizerTest, IsExactForASnapshotWithoutDuplicates) {
  const auto snap = testdata::FullSnapshot();
  const auto state = testdata::SampleState();
  EXPECT_EQ(SizeOf(snap, state), RenderText(snap, state).size());
}

// It keeps no index, so dropped duplicates are counted: an upper bound.
TEST(TextSizerTest, IsAnUpperBoundWhenSeriesRepeat) {
  const auto snap = testdata::EdgeCaseSnapshot();
  const auto state = testdata::EdgeCaseState();
  EXPECT_GT(SizeOf(snap, state), RenderText(snap, state).size());
}

}  // namespace
}  // namespace lde::metrics
