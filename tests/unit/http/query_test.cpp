// The strict query decoder: what it accepts, what it refuses, and its bounds.

#include "http/query.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

std::vector<QueryParam> Ok(std::string_view query, const QueryLimits& limits = {}) {
  auto parsed = ParseQuery(query, limits);
  EXPECT_TRUE(parsed.ok()) << query << ": " << (parsed.ok() ? "" : parsed.error().detail);
  return parsed.ok() ? parsed.value() : std::vector<QueryParam>{};
}

TEST(QueryTest, DecodesFormEncodingInOrder) {
  EXPECT_EQ(Ok("target=a%2Eb+c&debug=true&flag"),
            (std::vector<QueryParam>{{"target", "a.b c"}, {"debug", "true"}, {"flag", ""}}));
  EXPECT_EQ(Ok("t%61rget=x%2b%2B"), (std::vector<QueryParam>{{"target", "x++"}}));
  EXPECT_EQ(Ok("a=1=2"), (std::vector<QueryParam>{{"a", "1=2"}}));
  EXPECT_EQ(Ok("name=%C3%A9t%C3%A9"), (std::vector<QueryParam>{{"name", "\xC3\xA9t\xC3\xA9"}}));
  EXPECT_EQ(Ok("&&a=1&&"), (std::vector<QueryParam>{{"a", "1"}}));
  EXPECT_TRUE(Ok("").empty());
  EXPECT_EQ(Ok("target="), (std::vector<QueryParam>{{"target", ""}}));
}

TEST(QueryTest, RefusesMalformedEscapesInsteadOfKeepingThem) {
  for (const char* query : {"target=%", "target=%4", "target=%zz", "target=a%g1", "target=%%41", "t%rget=a",
                            "target=ok&debug=%2"}) {
    SCOPED_TRACE(query);
    auto parsed = ParseQuery(query);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().kind, ErrorKind::kHttpProtocol);
    EXPECT_NE(parsed.error().detail.find("percent-encoding"), std::string::npos) << parsed.error().detail;
  }
}

TEST(QueryTest, RefusesControlCharactersAndBytesThatAreNotUtf8) {
  for (const char* query : {"target=a%00b", "target=a%0d%0aX-Injected:1", "target=%1b[31m", "target=%7f",
                            "target=%ff", "target=%C3", "target=%ED%A0%80", "%00=x"}) {
    SCOPED_TRACE(query);
    EXPECT_FALSE(ParseQuery(query).ok());
  }
}

TEST(QueryTest, BoundsTheNumberOfParametersAndTheirLength) {
  QueryLimits limits;
  limits.max_params = 3;
  limits.max_value_bytes = 8;
  EXPECT_EQ(Ok("a=1&b=2&c=3", limits).size(), 3u);
  EXPECT_FALSE(ParseQuery("a=1&b=2&c=3&d=4", limits).ok());
  EXPECT_EQ(Ok("a=12345678", limits).at(0).value, "12345678");
  EXPECT_FALSE(ParseQuery("a=123456789", limits).ok());
  // Eight decoded bytes may take 24 encoded ones; nine may not.
  EXPECT_EQ(Ok("a=%41%41%41%41%41%41%41%41", limits).at(0).value, "AAAAAAAA");
  EXPECT_FALSE(ParseQuery("a=%41%41%41%41%41%41%41%41%41", limits).ok());
  EXPECT_FALSE(ParseQuery("abcdefghi=1", limits).ok());
  // A huge query costs one pass that stops at the first bound it crosses.
  std::string huge = "target=" + std::string(1 << 20, 'x');
  auto parsed = ParseQuery(huge);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().detail.find("longer than 1024 bytes"), std::string::npos);
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "a=1&";
  EXPECT_FALSE(ParseQuery(many).ok());
}

}  // namespace
}  // namespace lde::http
