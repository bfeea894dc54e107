#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lde::discovery {

// An absolute http(s) URL as a client would request it. Value type; scheme
// and host are lower case, `host` holds an IPv6 literal without brackets, the
// fragment is dropped and `path_and_query` always starts with "/".
struct Url {
  std::string scheme;
  std::string host;
  std::uint16_t port = 0;
  std::string path_and_query;

  // Canonical text: the default port is omitted, IPv6 hosts get brackets.
  std::string ToString() const;

  bool operator==(const Url&) const = default;
};

// Parses an absolute http:// or https:// URL (RFC 3986 §3). Rejects other
// schemes, userinfo, an empty host, a port outside 1..65535, and characters
// that RFC 3986 does not allow in a URI (spaces, controls, raw non-ASCII).
// Errors are kDiscoveryParse with a detail naming the problem.
Result<Url> ParseUrl(std::string_view text);

// Resolves `ref` against `base` per RFC 3986 §5.2 (absolute, network-path,
// absolute-path, relative-path and query-only references, with dot-segment
// removal). `base` must be absolute unless `ref` is. The result is the
// recomposed string of §5.3; it is not normalised further.
Result<std::string> ResolveReference(const std::string& base, const std::string& ref);

// True when `host` equals `domain` or is a subdomain of it (ends with
// "." + domain). Case-insensitive, one trailing dot ignored on either side;
// an empty domain matches nothing.
bool HostInDomain(std::string_view host, std::string_view domain);

}  // namespace lde::discovery
