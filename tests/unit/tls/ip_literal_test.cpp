#include <gtest/gtest.h>

#include "tls/connection.h"

namespace lde::tls {
namespace {

TEST(IsIpLiteralTest, RecognisesAddressesButNotNames) {
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
    EXPECT_EQ(IsIpLiteral(c.host), c.literal);
  }
}

}  // namespace
}  // namespace lde::tls
