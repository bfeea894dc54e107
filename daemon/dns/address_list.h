#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace lde::dns::detail {

// Collects resolved addresses: IPv4 before IPv6, each family in arrival
// order, duplicates dropped. Linear in the number added (a hostile answer
// can hold thousands of records; the probe keeps only the first few).
class AddressList {
 public:
  // `family` is AF_INET or AF_INET6; `addr` points to in_addr / in6_addr.
  void Add(int family, const void* addr);
  std::vector<std::string> Take();
  bool empty() const { return v4_.empty() && v6_.empty(); }

 private:
  std::vector<std::string> v4_;
  std::vector<std::string> v6_;
  std::unordered_set<std::string> seen_;  // both families: their texts never collide
};

}  // namespace lde::dns::detail
