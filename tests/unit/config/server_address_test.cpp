#include "config/server_address.h"

#include <gtest/gtest.h>

namespace lde::config {
namespace {

struct Valid {
  const char* text;
  const char* address;
  std::uint16_t port;
};

TEST(ParseServerAddressTest, AcceptsIpIpPortAndBracketedIpv6) {
  const Valid cases[] = {
      {"192.0.2.53", "192.0.2.53", 53},       {"192.0.2.53:5353", "192.0.2.53", 5353},
      {"2001:db8::53", "2001:db8::53", 53},   {"2001:DB8:0::0053", "2001:db8::53", 53},  // canonical form
      {"[2001:db8::53]", "2001:db8::53", 53}, {"[2001:db8::53]:5353", "2001:db8::53", 5353},
      {"[::1]:65535", "::1", 65535},          {"127.0.0.1:1", "127.0.0.1", 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto server = ParseServerAddress(c.text);
    ASSERT_TRUE(server.ok()) << server.error().detail;
    EXPECT_EQ(server.value().address, c.address);
    EXPECT_EQ(server.value().port, c.port);
  }
}

struct Invalid {
  const char* text;
  const char* message;
};

TEST(ParseServerAddressTest, RejectsNamesBadPortsAndBrokenBrackets) {
  const Invalid cases[] = {
      {"", "empty server address"},
      {"dns.contoso.test", "not a numeric IP address"},
      {"dns.contoso.test:53", "not a numeric IP address"},
      {"192.0.2.1:0", "port 0 is out of range"},
      {"192.0.2.1:65536", "port 65536 is out of range"},
      {"192.0.2.1:99999999999999999999", "out of range"},
      {"192.0.2.1:", "empty port"},
      {"192.0.2.1:dns", "is not a number"},
      {"192.0.2.1:-1", "is not a number"},
      {"[2001:db8::1", "missing ']'"},
      {"[2001:db8::1]x", "unexpected text after ']'"},
      {"[2001:db8::1]:", "empty port"},
      {"[192.0.2.1]", "not a numeric IPv6 address"},
      {"2001:db8::zz", "not a numeric IPv6 address"},
      {"192.0.2", "not a numeric IP address"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto server = ParseServerAddress(c.text);
    ASSERT_FALSE(server.ok());
    EXPECT_EQ(server.error().kind, ErrorKind::kConfig);
    EXPECT_NE(server.error().detail.find(c.message), std::string::npos) << server.error().detail;
  }
}

}  // namespace
}  // namespace lde::config
