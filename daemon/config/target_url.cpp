#include "config/target_url.h"

#include "common/ascii.h"
#include "common/host_port.h"
#include "common/ip_literal.h"
#include "config/host_name.h"
#include "config/server_address.h"

namespace lde::config {
namespace {

Error Bad(std::string detail) { return MakeError(ErrorKind::kConfig, std::move(detail)); }

bool HasSpaceOrControl(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return true;
  }
  return false;
}

struct Authority {
  std::string host;
  std::string_view port;  // empty if absent
  bool has_port = false;
  bool ipv6 = false;
};

// RFC 3986 section 3.2: authority = [ userinfo "@" ] host [ ":" port ].
Result<Authority> SplitAuthority(std::string_view authority) {
  if (authority.find('@') != std::string_view::npos) {
    return Bad("userinfo (user@) is not allowed in a target URL");
  }
  const HostPort split = SplitHostPort(authority);
  if (split.error == HostPortError::kUnclosedBracket) return Bad("missing ']' after IPv6 address");
  if (split.error == HostPortError::kTextAfterBracket) return Bad("unexpected text after ']'");
  if (split.extra_colons) {
    return Bad("an IPv6 address must be written in brackets, e.g. https://[2001:db8::1]:443/");
  }
  Authority out;
  out.host = std::string(split.host);
  out.ipv6 = split.bracketed;
  out.has_port = split.has_port;
  out.port = split.port;
  if (out.host.empty()) return Bad("missing host");
  return out;
}

Result<std::string> CheckHost(const Authority& authority, bool* is_ip) {
  if (authority.ipv6) {
    if (!IsIpv6Literal(authority.host)) return Bad("\"" + authority.host + "\" is not an IPv6 address");
    *is_ip = true;
    return AsciiLowerCopy(authority.host);
  }
  // RFC 6066 section 3: SNI carries the name without its trailing dot.
  std::string host = authority.host;
  if (host.size() > 1 && host.back() == '.') host.pop_back();
  if (IsIpv4Literal(host)) {
    *is_ip = true;
    return host;
  }
  if (!IsValidDnsName(host)) return Bad("invalid host name \"" + authority.host + "\"");
  *is_ip = false;
  return AsciiLowerCopy(host);
}

}  // namespace

Result<TargetUrl> ParseTargetUrl(std::string_view url) {
  if (url.empty()) return Bad("empty URL");
  if (HasSpaceOrControl(url)) return Bad("URL contains whitespace or control characters");
  std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) return Bad("missing scheme: expected tls://host:port or https://host/");
  TargetUrl out;
  std::string scheme = AsciiLowerCopy(url.substr(0, sep));  // RFC 3986 section 3.1
  if (scheme == "tls") {
    out.scheme = TargetScheme::kTls;
  } else if (scheme == "https") {
    out.scheme = TargetScheme::kHttps;
    out.port = 443;
  } else {
    return Bad("unsupported scheme \"" + scheme + "\": expected tls or https");
  }
  std::string_view rest = url.substr(sep + 3);
  if (rest.find('#') != std::string_view::npos) return Bad("a fragment (#) is not allowed");
  std::size_t auth_end = rest.find_first_of("/?");
  auto authority = SplitAuthority(rest.substr(0, auth_end));
  if (!authority) return authority.error();
  auto host = CheckHost(authority.value(), &out.host_is_ip);
  if (!host) return host.error();
  out.host = host.value();
  if (authority.value().has_port) {
    auto port = ParsePort(authority.value().port);
    if (!port) return port.error();
    out.port = port.value();
  } else if (out.scheme == TargetScheme::kTls) {
    return Bad("a tls:// URL needs a port, e.g. tls://" + std::string(rest.substr(0, auth_end)) + ":5061");
  }
  std::string_view path = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
  if (out.scheme == TargetScheme::kTls) {
    // out.path keeps its default "/" (assigning "/" here made GCC 12 at
    // -O3 warn -Wrestrict, a false positive: GCC bug 105329).
    if (!path.empty() && path != "/") return Bad("a tls:// URL takes no path or query");
  } else if (!path.empty()) {
    out.path = path.front() == '?' ? "/" + std::string(path) : std::string(path);
  }
  return out;
}

}  // namespace lde::config
