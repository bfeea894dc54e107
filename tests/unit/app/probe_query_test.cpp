// GET /probe's parameters: what is accepted, and the one-line 400 for the rest.

#include "app/probe_query.h"

#include <gtest/gtest.h>

namespace lde::app {
namespace {

TEST(ProbeQueryTest, TakesTheTargetDecodedAndDebug) {
  struct Case {
    const char* query;
    ProbeQuery expected;
  } cases[] = {
      {"target=corp-app", {"corp-app", false}},
      {"target=contoso.test&debug=true", {"contoso.test", true}},
      {"debug=false&target=a", {"a", false}},
      {"target=My+Lab%20%C3%A9", {"My Lab \xC3\xA9", false}},
      {"t%61rget=x", {"x", false}},
      // Parameters a scrape config may add are ignored; none chooses what is probed.
      {"module=http_2xx&target=a&url=http://169.254.169.254/&host=evil", {"a", false}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    auto parsed = ParseProbeQuery(c.query);
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
    EXPECT_EQ(parsed.value(), c.expected);
  }
}

TEST(ProbeQueryTest, RefusesWithOneLineSayingWhat) {
  struct Case {
    const char* query;
    const char* says;
  } cases[] = {
      {"", "missing target parameter"},
      {"debug=true", "missing target parameter"},
      {"targets=a", "missing target parameter"},
      {"target=", "target parameter is empty"},
      {"target", "target parameter is empty"},
      {"target=a&target=b", "target parameter is given more than once"},
      {"target=a&debug=yes", "debug parameter must be true or false"},
      {"target=a&debug", "debug parameter must be true or false"},
      {"target=a&debug=true&debug=true", "debug parameter is given more than once"},
      {"target=%zz", "bad percent-encoding"},
      {"target=a%", "bad percent-encoding"},
      {"target=a&x=%4", "bad percent-encoding"},
      {"target=a%0Ab", "control character"},
      {"target=%FF", "not UTF-8"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    auto parsed = ParseProbeQuery(c.query);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.error().detail.find(c.says), std::string::npos) << parsed.error().detail;
    EXPECT_EQ(parsed.error().detail.find('\n'), std::string::npos);
  }
  // Bounded: a name longer than any bound is refused, not copied around.
  auto huge = ParseProbeQuery("target=" + std::string(100000, 'a'));
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().detail.find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace lde::app
