// The test-support parser is itself tested: a lenient parser would hide bugs.

#include "support/metrics_text/metrics_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace lde::testsupport {
namespace {

TEST(MetricsTextTest, ParsesHelpTypeLabelsAndValues) {
  auto parsed = ParseExposition(
      "# HELP up_total Things \\\\ and\\nlines.\n"
      "# TYPE up_total counter\n"
      "up_total{a=\"x\",b=\"q\\\"\\\\\\n\"} 3\n"
      "up_total{a=\"y\",} 1.5e3 1700000000000\n"
      "plain -0.25\n"
      "\n"
      "# a free comment\n"
      "inf_value +Inf\n");
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  const Exposition& exp = parsed.value();
  EXPECT_EQ(exp.types.at("up_total"), "counter");
  EXPECT_EQ(exp.help.at("up_total"), "Things \\ and\nlines.");
  ASSERT_EQ(exp.samples.size(), 4u);
  EXPECT_EQ(exp.samples[0].labels.at("b"), "q\"\\\n");
  EXPECT_EQ(FindSample(exp, "up_total", {{"a", "y"}}), 1500);
  EXPECT_EQ(FindSample(exp, "plain"), -0.25);
  EXPECT_TRUE(std::isinf(*FindSample(exp, "inf_value")));
  EXPECT_EQ(CountSeries(exp, "up_total"), 2u);
  EXPECT_EQ(CountSeries(exp, "up_total", {{"a", "x"}, {"b", "nope"}}), 0u);
  EXPECT_EQ(FindSample(exp, "missing"), std::nullopt);
}

TEST(MetricsTextTest, LabelSubsetRequiresPresentLabelEvenIfEmptyWanted) {
  auto parsed = ParseExposition("m{a=\"\"} 1\nm{b=\"1\"} 2\n");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(FindSample(parsed.value(), "m", {{"a", ""}}), 1);
  EXPECT_EQ(CountSeries(parsed.value(), "m", {{"a", ""}}), 1u);
}

TEST(MetricsTextTest, RejectsMalformedInput) {
  struct Case {
    const char* what;
    const char* text;
  } cases[] = {
      {"duplicate series", "m{a=\"1\"} 1\nm{a=\"1\"} 2\n"},
      {"bad value", "m 1x\n"},
      {"expected a space", "m\n"},
      {"bad label value", "m{a=\"1} 1\n"},
      {"bad label value", "m{a=\"\\t\"} 1\n"},
      {"expected '='", "m{a} 1\n"},
      {"bad metric name", "9m 1\n"},
      {"repeated label", "m{a=\"1\",a=\"2\"} 1\n"},
      {"unknown type", "# TYPE m banana\n"},
      {"bad timestamp", "m 1 soon\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseExposition(c.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().detail.find(c.what), std::string::npos) << parsed.error().detail;
    EXPECT_NE(parsed.error().detail.find("line "), std::string::npos);
  }
}

TEST(MetricsTextTest, TextOverloadsThrowOnUnparseableText) {
  EXPECT_EQ(FindSample(std::string_view("m 2\n"), "m"), 2);
  EXPECT_EQ(CountSeries(std::string_view("m 2\n"), "m"), 1u);
  EXPECT_THROW(FindSample(std::string_view("m{ 2\n"), "m"), std::invalid_argument);
}

}  // namespace
}  // namespace lde::testsupport
