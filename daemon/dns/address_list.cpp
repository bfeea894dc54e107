#include "dns/address_list.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace lde::dns::detail {
namespace {

std::string ToText(int family, const void* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, addr, buf, sizeof(buf)) == nullptr) return {};
  return buf;
}

}  // namespace

std::optional<std::string> CanonicalIpLiteral(std::string_view host) {
  bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  std::string text(bracketed ? host.substr(1, host.size() - 2) : host);
  if (!bracketed) {
    in_addr a4{};
    if (inet_pton(AF_INET, text.c_str(), &a4) == 1) return ToText(AF_INET, &a4);
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) return ToText(AF_INET6, &a6);
  return std::nullopt;
}

void AddressList::Add(int family, const void* addr) {
  if (family != AF_INET && family != AF_INET6) return;
  std::string text = ToText(family, addr);
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
