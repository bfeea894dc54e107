#include "dns/address_list.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace lde::dns::detail {
namespace {

void Add(AddressList& list, const char* text) {
  in6_addr a6{};
  in_addr a4{};
  if (inet_pton(AF_INET, text, &a4) == 1) {
    list.Add(AF_INET, &a4);
  } else {
    ASSERT_EQ(inet_pton(AF_INET6, text, &a6), 1) << text;
    list.Add(AF_INET6, &a6);
  }
}

TEST(AddressListTest, PutsIpv4FirstKeepsArrivalOrderAndDropsDuplicates) {
  AddressList list;
  EXPECT_TRUE(list.empty());
  for (const char* a : {"2001:db8::2", "192.0.2.9", "2001:db8::1", "192.0.2.1", "192.0.2.9", "2001:DB8::2"}) {
    Add(list, a);
  }
  EXPECT_FALSE(list.empty());
  EXPECT_EQ(list.Take(), (std::vector<std::string>{"192.0.2.9", "192.0.2.1", "2001:db8::2", "2001:db8::1"}));
  EXPECT_TRUE(list.empty());
}

TEST(AddressListTest, FourThousandRecordsWithRepeatsKeepEachOnceInOrder) {
  AddressList list;
  std::vector<std::string> expected;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 4000; ++i) {
      const std::string a = "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256);
      Add(list, a.c_str());
      if (round == 0) expected.push_back(a);
    }
  }
  Add(list, "2001:db8::1");
  expected.push_back("2001:db8::1");
  EXPECT_EQ(list.Take(), expected);
  EXPECT_TRUE(list.empty());
  Add(list, "10.0.0.0");  // Take starts a new list
  EXPECT_EQ(list.Take(), std::vector<std::string>{"10.0.0.0"});
}

}  // namespace
}  // namespace lde::dns::detail
