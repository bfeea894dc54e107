#pragma once

// Splitting "host[:port]" and "[v6]:port" text (RFC 3986 §3.2.2-3.2.3), and
// writing a host back with brackets: the one home of the bracket rules that
// config (target URLs, DNS servers), discovery URLs, the listen address and
// the HTTP client all follow. Callers keep their own error messages.

#include <string>
#include <string_view>

namespace lde {

enum class HostPortError {
  kNone,
  kUnclosedBracket,   // "[" with no "]"
  kTextAfterBracket,  // "[v6]x": something other than ":port" after "]"
};

struct HostPort {
  std::string_view host;   // without brackets; may be empty
  std::string_view port;   // the text after the separating ':' (may be empty)
  bool bracketed = false;  // the host was written "[...]"
  bool has_port = false;   // a ':' followed the host
  // Unbracketed text with more than one ':' ("2001:db8::1", "a:1:2"): `host`
  // ends at the first ':' and `port` holds the rest, colons and all. Most
  // callers refuse this (IPv6 must be bracketed when a port may follow).
  bool extra_colons = false;
  HostPortError error = HostPortError::kNone;
};

// The views point into `text`. Only the bracket syntax can fail; whether the
// host and port are acceptable is for the caller to say.
HostPort SplitHostPort(std::string_view text);

// "[v6]" -> "v6"; anything else unchanged.
std::string_view StripBrackets(std::string_view host);

// A host as it goes before ":port" (URLs, Host header): an IPv6 address
// (any host holding ':') in brackets, unless already bracketed.
std::string BracketHost(std::string_view host);

}  // namespace lde
