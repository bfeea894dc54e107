#include "config/host_name.h"

#include <gtest/gtest.h>

#include <string>

namespace lde::config {
namespace {

TEST(IsValidDnsNameTest, AcceptsRfc1123HostNames) {
  const std::string label63(63, 'a');
  const std::string cases[] = {
      "contoso.test",  "lyncdiscover.contoso.test", "a",       "a-b.test",        "xn--bcher-kva.example",
      "contoso.test.", "SIP.Contoso.TEST",          "1a.test", label63 + ".test",
  };
  for (const auto& name : cases) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(IsValidDnsName(name));
  }
}

TEST(IsValidDnsNameTest, RejectsMalformedNames) {
  const std::string label64(64, 'a');
  std::string too_long;
  while (too_long.size() < 254) too_long += "abcdefgh.";
  const std::string cases[] = {
      "",         ".",
      "a..b",     ".a",
      "-a.test",  "a-.test",
      "a_b.test", "a b",
      "a.test..", label64 + ".test",
      too_long,   "192.0.2.1",
      "[::1]",    "a/b",
      "a:443",    "*.contoso.test",
  };
  for (const auto& name : cases) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(IsValidDnsName(name));
  }
}

TEST(IpLiteralTest, RecognisesNumericAddressesOnly) {
  EXPECT_TRUE(IsIpv4Literal("192.0.2.1"));
  EXPECT_FALSE(IsIpv4Literal("192.0.2"));
  EXPECT_FALSE(IsIpv4Literal("256.0.0.1"));
  EXPECT_FALSE(IsIpv4Literal("::1"));
  EXPECT_TRUE(IsIpv6Literal("::1"));
  EXPECT_TRUE(IsIpv6Literal("2001:db8::1"));
  EXPECT_FALSE(IsIpv6Literal("[::1]"));
  EXPECT_FALSE(IsIpv6Literal("fe80::1%eth0"));
  EXPECT_FALSE(IsIpv6Literal("contoso.test"));
}

TEST(ToLowerAsciiTest, LowersOnlyAsciiLetters) {
  EXPECT_EQ(ToLowerAscii("SIP.Contoso-1.TEST"), "sip.contoso-1.test");
}

}  // namespace
}  // namespace lde::config
