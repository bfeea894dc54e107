#include "dns/address_list.h"

#include <netinet/in.h>

#include "common/ip_literal.h"

namespace lde::dns::detail {

void AddressList::Add(int family, const void* addr) {
  if (family != AF_INET && family != AF_INET6) return;
  std::string text = FormatIp(family, addr);
  if (text.empty() || !seen_.insert(text).second) return;
  (family == AF_INET ? v4_ : v6_).push_back(std::move(text));
}

std::vector<std::string> AddressList::Take() {
  std::vector<std::string> out = std::move(v4_);
  out.insert(out.end(), std::make_move_iterator(v6_.begin()), std::make_move_iterator(v6_.end()));
  v4_.clear();
  v6_.clear();
  seen_.clear();
  return out;
}

}  // namespace lde::dns::detail
