#include "metrics/text_writer.h"

#include <gtest/gtest.h>

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
void ExpectSameText(const std::vector<const MetricDef*>& order, const std::vector<Call>& calls) {
  std::string text;
  TextWriter writer(text);
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
  TextWriter writer(text);
  writer.BeginFamily(kEmpty);
  writer.EndFamily();
  EXPECT_EQ(text, "kept\n");
}

TEST(TextWriterTest, RepeatedLabelSetKeepsTheFirstSample) {
  std::string text;
  TextWriter writer(text);
  const LabelRef one[] = {{"x", "1"}};
  const LabelRef one_and_empty[] = {{"x", "1"}, {"y", ""}};
  writer.BeginFamily(kB);
  writer.Add(one, 1);
  writer.Add(one, 99);
  writer.Add(one_and_empty, 3);  // another label set
  writer.Add({}, 4);
  writer.Add({}, 5);
  writer.EndFamily();
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
  TextWriter writer(text);
  const LabelRef labels[] = {{"t", "a"}};
  writer.BeginFamily(kA);
  writer.Add(labels, 1);
  writer.EndFamily();
  writer.BeginFamily(kB);
  writer.Add(labels, 2);
  writer.EndFamily();
  EXPECT_NE(text.find("a_total{t=\"a\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("b_gauge{t=\"a\"} 2\n"), std::string::npos) << text;
}

TEST(TextWriterTest, ManySeriesKeepTheirOrderAcrossIndexGrowth) {
  std::vector<std::string> values;
  for (int i = 0; i < 2000; ++i) values.push_back(std::to_string(i % 1500));  // 500 repeats
  std::vector<Call> calls;
  for (std::size_t i = 0; i < values.size(); ++i) {
    calls.push_back({&kB, {{"i", values[i]}}, static_cast<double>(i)});
  }
  ExpectSameText({&kB}, calls);
}

}  // namespace
}  // namespace lde::metrics
