// The exposition pieces must be spelled as prometheus-cpp 1.0.1's
// TextSerializer spells them; TextSerializer itself is the oracle.

#include "metrics/text_format.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "model/budgets.h"
#include "model/vocabulary.h"
#include "prometheus/text_serializer.h"

namespace lde::metrics {
namespace {

constexpr MetricDef kGauge{"x", "help", MetricType::Gauge};

// TextSerializer's value text for each value, one gauge sample per line.
std::vector<std::string> SerializerValues(const std::vector<double>& values) {
  prometheus::MetricFamily family;
  family.name = "x";
  family.type = prometheus::MetricType::Gauge;
  for (double v : values) {
    prometheus::ClientMetric metric;
    metric.gauge.value = v;
    family.metric.push_back(metric);
  }
  std::istringstream lines(prometheus::TextSerializer().Serialize({family}));
  std::vector<std::string> out;
  std::string line;
  std::getline(lines, line);                                        // # TYPE
  while (std::getline(lines, line)) out.push_back(line.substr(2));  // after "x "
  return out;
}

std::vector<double> ValuesToCompare() {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> values = {0.0,
                                -0.0,
                                1,
                                -1,
                                0.05,
                                0.5,
                                1e-7,
                                1e-5,
                                1e-4,
                                1e15 - 1,
                                1e15,
                                1e16,
                                1e17,
                                9007199254740993.0,
                                -1e15,
                                123456789.123456789,
                                2.0 / 3,
                                1704067200,
                                1704067200.5,
                                1704067200.123456,
                                0.123456789,
                                std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::denorm_min(),
                                std::nan(""),
                                kInf,
                                -kInf,
                                static_cast<double>((1ull << 60) + 1),
                                65535,
                                200,
                                3600.25};
  std::mt19937_64 rng(20240101);  // fixed seed: the same values every run
  std::uniform_int_distribution<std::int64_t> ints(-2'000'000'000'000'000, 2'000'000'000'000'000);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 5000; ++i) {
    values.push_back(std::bit_cast<double>(rng()));                      // any bit pattern
    values.push_back(static_cast<double>(ints(rng)));                    // integers around the 1e15 cut
    values.push_back(static_cast<double>(ints(rng) % 100000) / 1000.0);  // durations in seconds
    values.push_back(1.7e9 + unit(rng) * 1e8);                           // unix times with fractions
  }
  return values;
}

TEST(TextFormatTest, SampleValuesAreSpelledAsTextSerializerSpellsThem) {
  const std::vector<double> values = ValuesToCompare();
  const std::vector<std::string> expected = SerializerValues(values);
  ASSERT_EQ(expected.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string out;
    AppendSampleValue(out, values[i]);
    ASSERT_EQ(out, expected[i]) << "value #" << i << " bits " << std::bit_cast<std::uint64_t>(values[i]);
    ASSERT_EQ(SampleValueSize(values[i]), out.size()) << out;
  }
}

// The format's escapes, after BoundLabelValue (label_bounds_test.cpp) has
// replaced what must not pass raw.
TEST(TextFormatTest, LabelValuesEscapeBackslashQuoteAndLineFeedAndReplaceControls) {
  struct Case {
    std::string in;
    std::string out;
  } cases[] = {{"", ""},
               {"plain", "plain"},
               {"a\\b", "a\\\\b"},
               {"\"q\"", "\\\"q\\\""},
               {"x\ny", "x\\ny"},
               {"\n\n", "\\n\\n"},
               {"tab\tcr\r",
                "tab\xE2\x90\x89"
                "cr\xE2\x90\x8D"},
               {"Zürich 東京", "Zürich 東京"},
               {std::string("nul\0byte", 8),
                "nul\xE2\x90\x80"
                "byte"},
               {"bad\xff\"", "bad\xEF\xBF\xBD\\\""},
               {std::string(5000, 'x'), std::string(999, 'x') + "\xE2\x80\xA6[truncated 4001 bytes]"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    std::string out = "prefix:";
    AppendLabelValue(out, c.in);
    EXPECT_EQ(out, "prefix:" + c.out);
  }
}

TEST(TextFormatTest, SeriesKeyWithoutLabelsIsTheNameAlone) {
  std::string out;
  AppendSeriesKey(out, "up", {});
  EXPECT_EQ(out, "up");
  EXPECT_EQ(SeriesKeySize("up", {}), 2u);
}

TEST(TextFormatTest, SeriesKeyListsLabelsInOrderWithEscapedValues) {
  const LabelRef labels[] = {{"b", "x\"y"}, {"a", ""}, {"c", "1\\\n"}};
  std::string out;
  AppendSeriesKey(out, "m", labels);
  EXPECT_EQ(out, R"(m{b="x\"y",a="",c="1\\\n"})");
  EXPECT_EQ(SeriesKeySize("m", labels), out.size());
}

// Header plus one sample line, against the serializer, for every kind of
// family this exporter writes.
TEST(TextFormatTest, FamilyTextMatchesTextSerializer) {
  const MetricDef defs[] = {{"c_total", "A counter.", MetricType::Counter},
                            {"g", "A \"gauge\" with \\ in help", MetricType::Gauge},
                            {"u", "untyped", MetricType::Untyped},
                            {"no_help", "", MetricType::Gauge}};
  for (const MetricDef& def : defs) {
    SCOPED_TRACE(def.name);
    prometheus::MetricFamily family;
    family.name = std::string(def.name);
    family.help = std::string(def.help);
    family.type = def.type;
    prometheus::ClientMetric metric;
    metric.label = {{"k", "v\"\n"}};
    metric.counter.value = metric.gauge.value = metric.untyped.value = 2.5;
    family.metric.push_back(metric);

    std::string out;
    AppendFamilyHeader(out, def);
    EXPECT_EQ(FamilyHeaderSize(def), out.size());
    const LabelRef labels[] = {{"k", "v\"\n"}};
    AppendSeriesKey(out, def.name, labels);
    out += ' ';
    AppendSampleValue(out, 2.5);
    out += '\n';
    EXPECT_EQ(out, prometheus::TextSerializer().Serialize({family}));
  }
}

TEST(TextFormatTest, HeaderOmitsHelpLineWithoutHelp) {
  std::string out;
  AppendFamilyHeader(out, {"m", "", MetricType::Counter});
  EXPECT_EQ(out, "# TYPE m counter\n");
  out.clear();
  AppendFamilyHeader(out, kGauge);
  EXPECT_EQ(out, "# HELP x help\n# TYPE x gauge\n");
}

}  // namespace
}  // namespace lde::metrics

namespace lde::metrics {
namespace {

std::string LabelValueText(std::string_view value) {
  std::string out;
  AppendLabelValue(out, value);
  return out;
}

// Plain values are recognised eight bytes at a time: every byte value, at
// every position of both words and of the bytewise tail, must come out as
// it does alone.
TEST(TextFormatTest, EveryByteAtEveryPositionIsWrittenAsOnItsOwn) {
  for (int b = 0; b < 256; ++b) {
    const std::string alone = LabelValueText(std::string(1, static_cast<char>(b)));
    for (std::size_t length : {8u, 16u, 19u}) {
      for (std::size_t pos = 0; pos < length; ++pos) {
        std::string value(length, 'a');
        value[pos] = static_cast<char>(b);
        EXPECT_EQ(LabelValueText(value), std::string(pos, 'a') + alone + std::string(length - pos - 1, 'a'))
            << "byte " << b << " at " << pos << " of " << length;
      }
    }
  }
}

// WrittenAsIs is true exactly when AppendLabelValue changes nothing: for every
// single byte at every position, and at the length budget's edge.
TEST(TextFormatTest, WrittenAsIsExactlyWhenTheValueIsWrittenUnchanged) {
  for (int b = 0; b < 256; ++b) {
    for (std::size_t length : {1u, 8u, 19u}) {
      std::string value(length, 'a');
      value[length / 2] = static_cast<char>(b);
      EXPECT_EQ(WrittenAsIs(value), LabelValueText(value) == value) << "byte " << b << " in " << length;
    }
  }
  const std::string at_budget(model::budget::kLabelValueBytes.value, 'a');
  EXPECT_TRUE(WrittenAsIs(at_budget));
  EXPECT_FALSE(WrittenAsIs(at_budget + "a"));
  EXPECT_TRUE(WrittenAsIs(""));
}

// The vocabulary the emitters mark verbatim without a check of their own.
TEST(TextFormatTest, RoleAndNetworkNamesAreWrittenAsIs) {
  for (model::Role role : model::kAllRoles) EXPECT_TRUE(WrittenAsIs(model::RoleName(role)));
  for (model::Network network : model::kAllNetworks) EXPECT_TRUE(WrittenAsIs(model::NetworkName(network)));
}

// A verbatim label is copied as it is; sized as it is written.
TEST(TextFormatTest, VerbatimLabelsAreCopiedAndSizedAsWritten) {
  const LabelRef plain[] = {{"a", "x.example:443"}, {"b", "0"}};
  const LabelRef marked[] = {{"a", "x.example:443", true}, {"b", "0", true}};
  std::string checked, copied;
  AppendSeriesKey(checked, "m", plain);
  AppendSeriesKey(copied, "m", marked);
  EXPECT_EQ(copied, checked);
  EXPECT_EQ(SeriesKeySize("m", marked), copied.size());
}

// A key is appended to what the text already holds, whether every value is
// plain (sized and copied at once) or one needs bounding or escaping.
TEST(TextFormatTest, SeriesKeyAppendsAfterTheTextWithPlainAndChangedValues) {
  const LabelRef plain[] = {{"a", "plain"}, {"c", "v", true}};
  std::string out = "before ";
  AppendSeriesKey(out, "m", plain);
  EXPECT_EQ(out, R"(before m{a="plain",c="v"})");

  const std::string invalid_utf8 = "\xff";
  const LabelRef mixed[] = {{"a", "plain"}, {"b", "q\""}, {"c", "v", true}, {"d", invalid_utf8}};
  out = "before ";
  AppendSeriesKey(out, "m", mixed);
  EXPECT_EQ(out, R"(before m{a="plain",b="q\"",c="v",d=")" + LabelValueText(invalid_utf8) + "\"}");
  EXPECT_EQ(SeriesKeySize("m", mixed), out.size() - 7);
}

}  // namespace
}  // namespace lde::metrics
