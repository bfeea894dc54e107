#pragma once

#include <string>
#include <string_view>

namespace lde::config {

// A host name per RFC 1123 section 2.1 (letters, digits, hyphens; labels of
// 1-63 characters that neither start nor end with a hyphen; at most 253
// characters), with an optional trailing dot. Rejects IPv4 literals.
bool IsValidDnsName(std::string_view text);

}  // namespace lde::config
