#include "http/listen_address.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

TEST(ParseListenAddressTest, AcceptsTheUsualForms) {
  struct Case {
    const char* text;
    ListenAddress want;
  } cases[] = {
      {"127.0.0.1:9100", {"127.0.0.1", 9100, false}},
      {":9100", {"", 9100, false}},
      {"localhost:0", {"localhost", 0, false}},
      {"[::1]:8080", {"::1", 8080, true}},
      {"[::]:65535", {"::", 65535, true}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseListenAddress(c.text);
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
    EXPECT_EQ(parsed.value(), c.want);
  }
}

TEST(ParseListenAddressTest, RejectsMalformedAddressesWithAReason) {
  struct Case {
    const char* text;
    const char* why;
  } cases[] = {
      {"", "missing ':port'"},
      {"9100", "missing ':port'"},
      {"localhost:", "missing port"},
      {"host:http", "not a number"},
      {"host:-1", "not a number"},
      {"host:65536", "out of range"},
      {"host:99999999999999999999", "not a number"},
      {"::1:9100", "brackets"},
      {"[::1:9100", "missing ']'"},
      {"[::1]9100", "expected ':port'"},
      {"[]:9100", "empty IPv6"},
      {"host:91 00", "not a number"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto parsed = ParseListenAddress(c.text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().kind, ErrorKind::kConfig);
    EXPECT_NE(parsed.error().detail.find(c.why), std::string::npos) << parsed.error().detail;
    EXPECT_NE(parsed.error().detail.find("invalid listen address"), std::string::npos);
  }
}

}  // namespace
}  // namespace lde::http
