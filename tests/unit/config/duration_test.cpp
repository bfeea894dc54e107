#include "config/duration.h"

#include <gtest/gtest.h>

#include <chrono>

namespace lde::config {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

struct Valid {
  const char* text;
  Duration expected;
};

TEST(ParseDurationTest, AcceptsPrometheusForms) {
  const Valid cases[] = {
      {"90s", seconds(90)},
      {"5m", minutes(5)},
      {"1h30m", hours(1) + minutes(30)},
      {"500ms", milliseconds(500)},
      {"1d", hours(24)},
      {"1w", hours(24 * 7)},
      {"1y", hours(24 * 365)},
      {"0s", Duration::zero()},
      {"1h0m5s", hours(1) + seconds(5)},
      {"2d3h4m5s6ms", hours(51) + minutes(4) + seconds(5) + milliseconds(6)},
      {"007s", seconds(7)},
      {"1s500ms", milliseconds(1500)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseDuration(c.text);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, c.expected);
  }
}

TEST(ParseDurationTest, RejectsEmptyNegativeUnitlessAndMalformed) {
  const char* cases[] = {
      "",     "-5s",  "+5s",   "5",    "0",  "s",  "5 s",  " 5s",  "5s ",  "5sec", "5M", "1.5s",
      "5m1h", "5s5s", "5ms1s", "1h1h", "5x", "ms", "1e3s", "0x5s", "5mss", "5s\n", "y5",
  };
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(ParseDuration(text).has_value());
  }
}

TEST(ParseDurationTest, RejectsValuesThatOverflowNanoseconds) {
  // Duration is int64 nanoseconds: about 292 years.
  EXPECT_TRUE(ParseDuration("292y").has_value());
  EXPECT_FALSE(ParseDuration("293y").has_value());
  EXPECT_FALSE(ParseDuration("9223372036854775807s").has_value());
  EXPECT_FALSE(ParseDuration("99999999999999999999999ms").has_value());
  EXPECT_FALSE(ParseDuration("292y1000w").has_value());  // the sum overflows
}

TEST(FormatDurationTest, WritesTheShortestPrometheusForm) {
  EXPECT_EQ(FormatDuration(hours(1) + minutes(30)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1s500ms");
  EXPECT_EQ(FormatDuration(hours(24 * 8)), "1w1d");
  EXPECT_EQ(FormatDuration(Duration::zero()), "0s");
  EXPECT_EQ(*ParseDuration(FormatDuration(minutes(61))), minutes(61));
}

}  // namespace
}  // namespace lde::config
