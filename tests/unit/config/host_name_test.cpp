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

}  // namespace
}  // namespace lde::config
