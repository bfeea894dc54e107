#include "http/accept.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

TEST(AcceptQualityTest, TheMostSpecificMatchingRangeDecides) {
  // What browsers and tools send, and what /status makes of it.
  constexpr std::string_view kFirefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  constexpr std::string_view kChromium =
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
      "application/signed-exchange;v=b3;q=0.7";
  struct Case {
    std::optional<std::string_view> accept;
    std::string_view type;
    double q;
  } cases[] = {
      {std::nullopt, "application/json", 1},
      {"", "application/json", 0},
      {"*/*", "text/html", 1},
      {"*/*", "application/json", 1},
      {kFirefox, "text/html", 1},
      {kFirefox, "application/json", 0.8},
      {kChromium, "text/html", 1},
      {kChromium, "application/json", 0.8},
      {"application/json", "application/json", 1},
      {"application/json", "text/html", 0},
      {"application/*;q=0.4, */*;q=0.1", "application/json", 0.4},
      {"application/*;q=0.4, */*;q=0.1", "text/html", 0.1},
      {"*/*;q=0.5, Application/JSON", "application/json", 1},  // order does not matter; case does not either
      {"text/*, text/html;q=0", "text/html", 0},               // an exact q=0 refuses
      {"text/html;level=1;q=0.3", "text/html", 0.3},           // other parameters ignored
      {"text/html;q=2", "text/html", 0},                       // malformed q-values count as 0
      {"text/html;q=abc", "text/html", 0},
      {"  text/html ; q=0.7 ,", "text/html", 0.7},  // optional whitespace, an empty element
      {"text/htmlx, texts/*", "text/html", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.accept.value_or("<none>")) + " -> " + std::string(c.type));
    EXPECT_DOUBLE_EQ(AcceptQuality(c.accept, c.type), c.q);
  }
}

TEST(QValueTest, ReadsTheQParameter) {
  EXPECT_DOUBLE_EQ(QValue(""), 1);
  EXPECT_DOUBLE_EQ(QValue("q=0.5"), 0.5);
  EXPECT_DOUBLE_EQ(QValue("level=1; Q=0"), 0);
  EXPECT_DOUBLE_EQ(QValue("q=-1"), 0);
}

}  // namespace
}  // namespace lde::http
