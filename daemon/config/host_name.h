#pragma once

#include <string>
#include <string_view>

namespace lde::config {

// Numeric addresses as inet_pton(3) accepts them: dotted-quad IPv4, and IPv6
// without brackets or zone id.
bool IsIpv4Literal(std::string_view text);
bool IsIpv6Literal(std::string_view text);

// A host name per RFC 1123 section 2.1 (letters, digits, hyphens; labels of
// 1-63 characters that neither start nor end with a hyphen; at most 253
// characters), with an optional trailing dot. Rejects IPv4 literals.
bool IsValidDnsName(std::string_view text);

// ASCII lower case: DNS names compare case-insensitively (RFC 4343).
std::string ToLowerAscii(std::string_view text);

}  // namespace lde::config
