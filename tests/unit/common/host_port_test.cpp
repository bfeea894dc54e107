// SplitHostPort, StripBrackets, BracketHost: the bracket rules every
// host[:port] parser in the daemon shares.
#include "common/host_port.h"

#include <gtest/gtest.h>

namespace lde {
namespace {

TEST(SplitHostPortTest, NameWithAndWithoutPort) {
  HostPort a = SplitHostPort("lync.example:443");
  EXPECT_EQ(a.error, HostPortError::kNone);
  EXPECT_EQ(a.host, "lync.example");
  EXPECT_TRUE(a.has_port);
  EXPECT_EQ(a.port, "443");
  EXPECT_FALSE(a.bracketed);
  EXPECT_FALSE(a.extra_colons);

  HostPort b = SplitHostPort("lync.example");
  EXPECT_EQ(b.host, "lync.example");
  EXPECT_FALSE(b.has_port);
  EXPECT_EQ(b.port, "");

  HostPort c = SplitHostPort("lync.example:");
  EXPECT_TRUE(c.has_port);
  EXPECT_EQ(c.port, "");
}

TEST(SplitHostPortTest, BracketedIpv6) {
  HostPort a = SplitHostPort("[2001:db8::1]:8443");
  EXPECT_EQ(a.error, HostPortError::kNone);
  EXPECT_TRUE(a.bracketed);
  EXPECT_EQ(a.host, "2001:db8::1");
  EXPECT_EQ(a.port, "8443");

  HostPort b = SplitHostPort("[::1]");
  EXPECT_TRUE(b.bracketed);
  EXPECT_EQ(b.host, "::1");
  EXPECT_FALSE(b.has_port);

  HostPort c = SplitHostPort("[]");
  EXPECT_TRUE(c.bracketed);
  EXPECT_EQ(c.host, "");
}

TEST(SplitHostPortTest, BracketErrors) {
  EXPECT_EQ(SplitHostPort("[::1").error, HostPortError::kUnclosedBracket);
  HostPort junk = SplitHostPort("[::1]x");
  EXPECT_EQ(junk.error, HostPortError::kTextAfterBracket);
  EXPECT_EQ(junk.host, "::1");  // callers may judge the host before the junk
}

TEST(SplitHostPortTest, UnbracketedIpv6IsFlagged) {
  HostPort a = SplitHostPort("2001:db8::1");
  EXPECT_TRUE(a.extra_colons);
  EXPECT_EQ(a.host, "2001");
  EXPECT_EQ(a.port, "db8::1");
  EXPECT_EQ(a.error, HostPortError::kNone);
}

TEST(StripBracketsTest, OnlyAWholeBracketPair) {
  EXPECT_EQ(StripBrackets("[::1]"), "::1");
  EXPECT_EQ(StripBrackets("::1"), "::1");
  EXPECT_EQ(StripBrackets("[::1"), "[::1");
  EXPECT_EQ(StripBrackets("[]"), "");
  EXPECT_EQ(StripBrackets(""), "");
}

TEST(BracketHostTest, BracketsIpv6Once) {
  EXPECT_EQ(BracketHost("lync.example"), "lync.example");
  EXPECT_EQ(BracketHost("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(BracketHost("2001:db8::1"), "[2001:db8::1]");
  EXPECT_EQ(BracketHost("[2001:db8::1]"), "[2001:db8::1]");
  EXPECT_EQ(BracketHost(""), "");
}

}  // namespace
}  // namespace lde
