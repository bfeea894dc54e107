// Numeric address parsing and canonical text: the strict literal checks, the
// host form (brackets and %zone) and canonicalisation.
#include "common/ip_literal.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace lde {
namespace {

TEST(IpLiteralTest, StrictLiteralsAreWhatInetPtonAccepts) {
  EXPECT_TRUE(IsIpv4Literal("192.0.2.1"));
  EXPECT_FALSE(IsIpv4Literal("192.0.2"));
  EXPECT_FALSE(IsIpv4Literal("256.0.0.1"));
  EXPECT_FALSE(IsIpv4Literal("::1"));
  EXPECT_TRUE(IsIpv6Literal("::1"));
  EXPECT_TRUE(IsIpv6Literal("2001:db8::1"));
  EXPECT_FALSE(IsIpv6Literal("[::1]"));
  EXPECT_FALSE(IsIpv6Literal("fe80::1%eth0"));
  EXPECT_FALSE(IsIpv6Literal("contoso.test"));
  EXPECT_TRUE(IsIpLiteral("192.0.2.1"));
  EXPECT_TRUE(IsIpLiteral("2001:db8::1"));
  EXPECT_FALSE(IsIpLiteral("[2001:db8::1]"));
  EXPECT_FALSE(IsIpLiteral(""));
}

TEST(IpLiteralTest, ParsedBytesAreInNetworkOrder) {
  auto v4 = ParseIpLiteral("192.0.2.7");
  ASSERT_TRUE(v4.has_value());
  EXPECT_FALSE(v4->v6);
  EXPECT_EQ(v4->bytes[0], 192);
  EXPECT_EQ(v4->bytes[3], 7);
  auto v6 = ParseIpLiteral("2001:db8::1");
  ASSERT_TRUE(v6.has_value());
  EXPECT_TRUE(v6->v6);
  EXPECT_EQ(v6->bytes[0], 0x20);
  EXPECT_EQ(v6->bytes[15], 1);
}

TEST(IpHostTest, RecognisesAddressesButNotNames) {
  struct Case {
    const char* host;
    bool literal;
  } cases[] = {
      {"127.0.0.1", true},       {"::1", true},
      {"[::1]", true},           {"fe80::1%eth0", true},
      {"2001:db8::5", true},     {"lyncdiscover.example.com", false},
      {"localhost", false},      {"", false},
      {"1.2.3", false},          {"256.1.1.1", false},
      {"[lync.example]", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.host);
    EXPECT_EQ(IsIpHost(c.host), c.literal);
  }
}

TEST(CanonicalIpLiteralTest, AcceptsIpv4Ipv6AndBracketedIpv6) {
  EXPECT_EQ(CanonicalIpLiteral("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(CanonicalIpLiteral("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(CanonicalIpLiteral("[2001:db8::1]"), "2001:db8::1");
  EXPECT_EQ(CanonicalIpLiteral("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
}

TEST(CanonicalIpLiteralTest, RejectsNamesAndMalformedLiterals) {
  for (const char* text : {"contoso.test", "", "[192.0.2.1]", "[2001:db8::1", "192.0.2", "1.2.3.4.5",
                           "fe80::1%eth0", "[]", "localhost"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(CanonicalIpLiteral(text).has_value());
  }
}

TEST(FormatIpTest, UnknownFamilyIsEmpty) {
  in_addr a4{};
  ASSERT_EQ(inet_pton(AF_INET, "192.0.2.1", &a4), 1);
  EXPECT_EQ(FormatIp(AF_INET, &a4), "192.0.2.1");
  EXPECT_EQ(FormatIp(-1, &a4), "");
}

}  // namespace
}  // namespace lde
