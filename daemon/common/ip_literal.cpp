#include "common/ip_literal.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "common/host_port.h"

namespace lde {

std::optional<IpAddress> ParseIpv4Literal(std::string_view text) {
  const std::string copy(text);  // inet_pton wants a NUL-terminated string
  in_addr a4{};
  if (inet_pton(AF_INET, copy.c_str(), &a4) != 1) return std::nullopt;
  IpAddress out;
  std::memcpy(out.bytes.data(), &a4, sizeof a4);
  return out;
}

std::optional<IpAddress> ParseIpv6Literal(std::string_view text) {
  const std::string copy(text);
  in6_addr a6{};
  if (inet_pton(AF_INET6, copy.c_str(), &a6) != 1) return std::nullopt;
  IpAddress out;
  out.v6 = true;
  std::memcpy(out.bytes.data(), &a6, sizeof a6);
  return out;
}

std::optional<IpAddress> ParseIpLiteral(std::string_view text) {
  if (auto v4 = ParseIpv4Literal(text)) return v4;
  return ParseIpv6Literal(text);
}

std::optional<IpAddress> ParseIpHost(std::string_view host) {
  host = StripBrackets(host);
  host = host.substr(0, host.find('%'));  // an IPv6 zone names an interface, not another address
  return ParseIpLiteral(host);
}

std::string FormatIp(int family, const void* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, addr, buf, sizeof(buf)) == nullptr) return {};
  return buf;
}

std::string FormatIp(const IpAddress& address) {
  return FormatIp(address.v6 ? AF_INET6 : AF_INET, address.bytes.data());
}

std::optional<std::string> CanonicalIpLiteral(std::string_view host) {
  const std::string_view inner = StripBrackets(host);
  // Brackets belong to IPv6 only: "[192.0.2.1]" is not an address.
  auto address = inner.size() == host.size() ? ParseIpLiteral(host) : ParseIpv6Literal(inner);
  if (!address) return std::nullopt;
  return FormatIp(*address);
}

}  // namespace lde
