// ClassifyAddress and RefuseLinkedAddress: which resolved addresses a URL from
// a remote server may reach (no SSRF into the probe host or its cloud).
#include "common/address_policy.h"

#include <gtest/gtest.h>

#include <string>

namespace lde {
namespace {

TEST(ClassifyAddressTest, Table) {
  struct Case {
    const char* address;
    AddressClass expected;
  } cases[] = {
      // IPv4
      {"192.0.2.10", AddressClass::kOrdinary},
      {"10.1.2.3", AddressClass::kOrdinary},  // enterprise servers are private: fetched
      {"100.64.0.1", AddressClass::kOrdinary},
      {"127.0.0.1", AddressClass::kLoopback},
      {"127.255.255.254", AddressClass::kLoopback},
      {"126.255.255.255", AddressClass::kOrdinary},
      {"128.0.0.1", AddressClass::kOrdinary},
      {"169.254.0.1", AddressClass::kLinkLocal},
      {"169.254.255.255", AddressClass::kLinkLocal},
      {"169.253.255.255", AddressClass::kOrdinary},
      {"169.255.0.0", AddressClass::kOrdinary},
      {"0.0.0.0", AddressClass::kUnspecified},
      {"0.1.2.3", AddressClass::kUnspecified},
      {"1.0.0.0", AddressClass::kOrdinary},
      {"224.0.0.1", AddressClass::kMulticast},
      {"239.255.255.250", AddressClass::kMulticast},
      {"223.255.255.255", AddressClass::kOrdinary},
      {"240.0.0.1", AddressClass::kOrdinary},
      {"255.255.255.255", AddressClass::kBroadcast},
      // cloud metadata
      {"169.254.169.254", AddressClass::kMetadata},
      {"100.100.100.200", AddressClass::kMetadata},
      {"fd00:ec2::254", AddressClass::kMetadata},
      {"[fd00:ec2::254]", AddressClass::kMetadata},
      {"fd00:ec2::253", AddressClass::kOrdinary},
      // IPv6
      {"2001:db8::1", AddressClass::kOrdinary},
      {"fd12:3456::1", AddressClass::kOrdinary},
      {"::1", AddressClass::kLoopback},
      {"[::1]", AddressClass::kLoopback},
      {"::", AddressClass::kUnspecified},
      {"fe80::1", AddressClass::kLinkLocal},
      {"fe80::1%eth0", AddressClass::kLinkLocal},
      {"[fe80::1%25eth0]", AddressClass::kLinkLocal},
      {"febf:ffff::1", AddressClass::kLinkLocal},
      {"fec0::1", AddressClass::kOrdinary},
      {"ff02::1", AddressClass::kMulticast},
      {"ff0e::101", AddressClass::kMulticast},
      // IPv6 carrying IPv4: classified as the IPv4 address reached
      {"::ffff:127.0.0.1", AddressClass::kLoopback},
      {"::ffff:7f00:1", AddressClass::kLoopback},
      {"::ffff:169.254.169.254", AddressClass::kMetadata},
      {"::ffff:169.254.1.1", AddressClass::kLinkLocal},
      {"::ffff:0.0.0.0", AddressClass::kUnspecified},
      {"::ffff:192.0.2.1", AddressClass::kOrdinary},
      {"::127.0.0.1", AddressClass::kLoopback},
      {"::169.254.169.254", AddressClass::kMetadata},
      {"64:ff9b::169.254.169.254", AddressClass::kMetadata},
      {"64:ff9b::192.0.2.1", AddressClass::kOrdinary},
      {"::ffff:1:127.0.0.1", AddressClass::kOrdinary},  // not a mapped prefix
      // not numeric
      {"", AddressClass::kInvalid},
      {"localhost", AddressClass::kInvalid},
      {"127.0.0.1.nip.io", AddressClass::kInvalid},
      {"2130706433", AddressClass::kInvalid},  // inet_aton would take it; never a resolved address
      {"0x7f.1", AddressClass::kInvalid},
      {"[127.0.0.1]", AddressClass::kLoopback},  // brackets are only dropped
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.address);
    EXPECT_EQ(ClassifyAddress(c.address), c.expected) << AddressClassName(ClassifyAddress(c.address));
  }
}

TEST(RefuseLinkedAddressTest, Table) {
  struct Case {
    const char* address;
    const char* source;
    bool refused;
  } cases[] = {
      {"192.0.2.10", "203.0.113.5", false},
      {"10.0.0.5", "203.0.113.5", false},
      {"2001:db8::5", "203.0.113.5", false},
      {"192.0.2.10", "127.0.0.2", false},
      // loopback only from loopback
      {"127.0.0.1", "203.0.113.5", true},
      {"::1", "2001:db8::5", true},
      {"::ffff:127.0.0.1", "203.0.113.5", true},
      {"127.0.0.3", "127.0.0.2", false},
      {"::1", "127.0.0.2", false},
      {"127.0.0.1", "::1", false},
      {"127.0.0.1", "::ffff:127.0.0.2", false},
      {"127.0.0.1", "", true},
      // never, whatever the source
      {"169.254.169.254", "127.0.0.2", true},
      {"169.254.169.254", "203.0.113.5", true},
      {"fd00:ec2::254", "127.0.0.2", true},
      {"100.100.100.200", "127.0.0.2", true},
      {"169.254.10.1", "127.0.0.2", true},
      {"fe80::1", "::1", true},
      {"0.0.0.0", "127.0.0.2", true},
      {"::", "127.0.0.2", true},
      {"224.0.0.251", "127.0.0.2", true},
      {"ff02::fb", "::1", true},
      {"255.255.255.255", "127.0.0.2", true},
      {"not-an-address", "127.0.0.2", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.address) + " from " + c.source);
    auto refused = RefuseLinkedAddress(c.address, c.source);
    EXPECT_EQ(refused.has_value(), c.refused);
    if (refused) {
      EXPECT_EQ(refused->kind, ErrorKind::kAddressRefused);
    }
  }
}

TEST(RefuseLinkedAddressTest, DetailNamesTheAddressItsClassAndTheSource) {
  auto metadata = RefuseLinkedAddress("169.254.169.254", "127.0.0.2");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->detail, "refused 169.254.169.254 (cloud metadata), named by the server at 127.0.0.2");
  auto loopback = RefuseLinkedAddress("127.0.0.1", "203.0.113.5");
  ASSERT_TRUE(loopback);
  EXPECT_EQ(loopback->detail,
            "refused 127.0.0.1 (loopback), named by the server at 203.0.113.5, which is not on loopback");
  EXPECT_EQ(ErrorKindName(loopback->kind), "address_refused");
}

}  // namespace
}  // namespace lde
