#pragma once

// Numeric IP addresses written as text: the one place that asks inet_pton(3)
// and inet_ntop(3), so every module agrees on what counts as an address.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lde {

// A parsed numeric address. For IPv4 (v6 == false) the first four bytes
// hold it, in network order.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
};

// Exactly what inet_pton accepts: a dotted quad, or IPv6 without brackets or
// a %zone. Anything else (names, "1.2.3", "[::1]") is nullopt.
std::optional<IpAddress> ParseIpv4Literal(std::string_view text);
std::optional<IpAddress> ParseIpv6Literal(std::string_view text);
std::optional<IpAddress> ParseIpLiteral(std::string_view text);  // either family

inline bool IsIpv4Literal(std::string_view text) { return ParseIpv4Literal(text).has_value(); }
inline bool IsIpv6Literal(std::string_view text) { return ParseIpv6Literal(text).has_value(); }
inline bool IsIpLiteral(std::string_view text) { return ParseIpLiteral(text).has_value(); }

// An address as a host may be written in a URL or a log: "[v6]" brackets and
// an IPv6 %zone are allowed (and ignored). Used where a host that is an
// address must be told from a name (SNI, address policy).
std::optional<IpAddress> ParseIpHost(std::string_view host);
inline bool IsIpHost(std::string_view host) { return ParseIpHost(host).has_value(); }

// inet_ntop's canonical text ("2001:db8::1", never "2001:DB8:0::1").
// `family` is AF_INET or AF_INET6 and `addr` points to in_addr / in6_addr;
// "" for any other family.
std::string FormatIp(int family, const void* addr);
std::string FormatIp(const IpAddress& address);

// The canonical text of an IP literal ("[v6]" brackets allowed, no zone), or
// nullopt when `host` is not one: two spellings of one address compare equal.
std::optional<std::string> CanonicalIpLiteral(std::string_view host);

}  // namespace lde
