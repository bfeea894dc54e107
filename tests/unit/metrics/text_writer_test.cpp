#include "metrics/text_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "metrics/family_set.h"
#include "prometheus/text_serializer.h"

namespace lde::metrics {
namespace {

constexpr MetricDef kA{"a_total", "help a", MetricType::Counter};
constexpr MetricDef kB{"b_gauge", "help \"b\"", MetricType::Gauge};
constexpr MetricDef kEmpty{"c_empty", "never sampled", MetricType::Gauge};

struct Call {
  const MetricDef* def;
  std::vector<LabelRef> labels;
  double value;
};

// The same calls through TextWriter (one family at a time, as RenderText
// drives it) and through FamilySet + TextSerializer (as RenderMetrics).
// `flush_bytes` 0 hands every group on as soon as the next one starts.
void ExpectSameText(const std::vector<const MetricDef*>& order, const std::vector<Call>& calls,
                    std::size_t flush_bytes = TextWriter::kDefaultFlushBytes) {
  std::string text;
  StringSink sink(text);
  TextWriter writer(sink, flush_bytes);
  FamilySet set;
  for (const MetricDef* def : order) {
    writer.BeginFamily(*def);
    for (const Call& call : calls) {
      if (call.def != def) continue;
      writer.Add(call.labels, call.value);
      Labels copy;
      for (const LabelRef& l : call.labels) copy.push_back({std::string(l.name), std::string(l.value)});
      set.Add(*def, std::move(copy), call.value);
    }
    writer.EndFamily();
  }
  writer.Finish();
  EXPECT_EQ(text, prometheus::TextSerializer().Serialize(std::move(set).Take()));
}

TEST(TextWriterTest, WritesWhatTextSerializerWritesForTheSameSamples) {
  ExpectSameText({&kA, &kB, &kEmpty}, {{&kA, {}, 5},
                                       {&kB, {{"x", "2"}}, 2},
                                       {&kB, {{"x", "1"}, {"y", "q\"\\\n"}}, 0.25},
                                       {&kB, {{"x", "1"}}, -0.0}});
}

TEST(TextWriterTest, FamilyWithoutSamplesLeavesNoText) {
  std::string text = "kept\n";
  StringSink sink(text);
  TextWriter writer(sink, 0);
  writer.BeginFamily(kEmpty);
  writer.EndFamily();
  writer.Finish();
  EXPECT_EQ(text, "kept\n");
}

TEST(TextWriterTest, RepeatedLabelSetKeepsTheFirstSample) {
  std::string text;
  StringSink sink(text);
  TextWriter writer(sink);
  const LabelRef one[] = {{"x", "1"}};
  const LabelRef one_and_empty[] = {{"x", "1"}, {"y", ""}};
  writer.BeginFamily(kB);
  writer.Add(one, 1);
  writer.Add(one, 99);
  writer.Add(one_and_empty, 3);  // another label set
  writer.Add({}, 4);
  writer.Add({}, 5);
  writer.EndFamily();
  writer.Finish();
  EXPECT_EQ(text,
            "# HELP b_gauge help \"b\"\n# TYPE b_gauge gauge\n"
            "b_gauge{x=\"1\"} 1\nb_gauge{x=\"1\",y=\"\"} 3\nb_gauge 4\n");
  ExpectSameText({&kB}, {{&kB, {{"x", "1"}}, 1}, {&kB, {{"x", "1"}}, 99}, {&kB, {}, 4}, {&kB, {}, 5}});
}

TEST(TextWriterTest, FamilyWhoseOnlySamplesAreDuplicatesStillHasItsFirst) {
  ExpectSameText({&kA}, {{&kA, {{"t", "a"}}, 1}, {&kA, {{"t", "a"}}, 2}, {&kA, {{"t", "a"}}, 3}});
}

TEST(TextWriterTest, SameLabelSetInTwoFamiliesIsTwoSeries) {
  std::string text;
  StringSink sink(text);
  TextWriter writer(sink);
  const LabelRef labels[] = {{"t", "a"}};
  writer.BeginFamily(kA);
  writer.Add(labels, 1);
  writer.EndFamily();
  writer.BeginFamily(kB);
  writer.Add(labels, 2);
  writer.EndFamily();
  writer.Finish();
  EXPECT_NE(text.find("a_total{t=\"a\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("b_gauge{t=\"a\"} 2\n"), std::string::npos) << text;
}

TEST(TextWriterTest, ManySeriesKeepTheirOrderAcrossIndexGrowth) {
  // One group (first label "t"), so every repeat is looked for.
  std::vector<std::string> values;
  for (int i = 0; i < 2000; ++i) values.push_back(std::to_string(i % 1500));  // 500 repeats
  std::vector<Call> calls;
  for (std::size_t i = 0; i < values.size(); ++i) {
    calls.push_back({&kB, {{"t", "one"}, {"i", values[i]}}, static_cast<double>(i)});
  }
  ExpectSameText({&kB}, calls);
  ExpectSameText({&kB}, calls, 0);
}

// Collects the pieces the writer hands on.
class Pieces final : public ByteSink {
 public:
  void Write(std::string_view bytes) override {
    text.append(bytes);
    largest = std::max(largest, bytes.size());
    ++count;
  }
  std::string text;
  std::size_t largest = 0;
  std::size_t count = 0;
};

// Many targets (groups) with duplicates inside each: the text is the same
// whatever the piece size, and what the writer holds at once (the largest
// piece) stays near flush_bytes, not the size of the text.
TEST(TextWriterTest, HandsTheTextOnInBoundedPiecesWithTheSameBytes) {
  std::vector<std::string> targets;
  for (int t = 0; t < 3000; ++t) targets.push_back("target" + std::to_string(t));
  std::vector<Call> calls;
  for (const std::string& target : targets) {
    calls.push_back({&kA, {{"target", target}, {"x", "1"}}, 1});
    calls.push_back({&kA, {{"target", target}, {"x", "1"}}, 2});  // duplicate: dropped
    calls.push_back({&kA, {{"target", target}, {"x", "2"}}, 3});
    calls.push_back({&kB, {{"target", target}}, 4});
  }
  for (std::size_t flush :
       {std::size_t{0}, std::size_t{100}, std::size_t{4096}, TextWriter::kDefaultFlushBytes}) {
    SCOPED_TRACE(flush);
    ExpectSameText({&kA, &kB, &kEmpty}, calls, flush);
  }
  Pieces pieces;
  TextWriter writer(pieces, 4096);
  for (const MetricDef* def : {&kA, &kB}) {
    writer.BeginFamily(*def);
    for (const Call& call : calls) {
      if (call.def == def) writer.Add(call.labels, call.value);
    }
    writer.EndFamily();
  }
  writer.Finish();
  EXPECT_GT(pieces.text.size(), 100'000u);
  EXPECT_GT(pieces.count, 20u);
  EXPECT_LT(pieces.largest, 4096u + 200u);  // one group's lines past the threshold at most
}

}  // namespace
}  // namespace lde::metrics
