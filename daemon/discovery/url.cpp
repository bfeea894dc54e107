#include "discovery/url.h"

#include "common/ascii.h"
#include "common/host_port.h"
#include "common/ip_literal.h"
#include "discovery/uri_parts.h"

// Own parser rather than Poco::URI: Poco decodes the path on parse and
// re-encodes it on output (so "%2F" turns into "/"), and reports errors by
// exception; a probe must request exactly the URL the server sent.
namespace lde::discovery {
namespace {

Error UrlError(std::string what, std::string_view text) {
  constexpr std::size_t kMaxQuoted = 200;
  std::string quoted(text.substr(0, kMaxQuoted));
  if (text.size() > kMaxQuoted) quoted += "...";
  return MakeError(ErrorKind::kDiscoveryParse, std::move(what) + ": \"" + quoted + "\"");
}

std::uint16_t DefaultPort(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

// A DNS name or IPv4 address (RFC 3986 reg-name restricted to what a resolver
// accepts): letters, digits, '-', '_', dots between non-empty labels, one
// optional trailing dot.
bool IsValidRegName(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  std::string_view body = host.ends_with('.') ? host.substr(0, host.size() - 1) : host;
  if (body.empty()) return false;
  std::size_t label = 0;
  for (char c : body) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
    } else if (alnum || c == '-' || c == '_') {
      if (++label > 63) return false;
    } else {
      return false;
    }
  }
  return label > 0;
}

bool ParsePort(std::string_view digits, std::uint16_t* port) {
  if (digits.empty() || digits.size() > 5) return false;
  unsigned value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return false;
  *port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

std::string Url::ToString() const {
  std::string out = scheme + "://";
  out += BracketHost(host);
  if (port != DefaultPort(scheme)) out += ":" + std::to_string(port);
  out += path_and_query;
  return out;
}

Result<Url> ParseUrl(std::string_view text) {
  auto split = detail::SplitUri(text);
  if (!split) return UrlError(split.error().detail, text);
  const detail::UriParts& parts = split.value();

  Url url;
  url.scheme = AsciiLowerCopy(parts.scheme);
  if (!parts.has_scheme || (url.scheme != "http" && url.scheme != "https")) {
    return UrlError("not an http or https URL", text);
  }
  if (!parts.has_authority) return UrlError("URL has no authority", text);
  std::string_view authority = parts.authority;
  // RFC 9110 §4.2.4: senders must not put userinfo in http(s) URIs; it is also
  // a classic phishing trick ("https://good@evil/").
  if (authority.find('@') != std::string_view::npos) return UrlError("URL carries userinfo", text);

  const HostPort hp = SplitHostPort(authority);
  if (hp.error == HostPortError::kUnclosedBracket) return UrlError("unterminated IPv6 literal", text);
  const std::string_view host = hp.host;
  if (hp.bracketed) {
    if (!IsIpv6Literal(host)) return UrlError("invalid IPv6 literal", text);
    if (hp.error == HostPortError::kTextAfterBracket) return UrlError("junk after IPv6 literal", text);
  } else {
    if (host.empty()) return UrlError("URL has an empty host", text);
    if (!IsValidRegName(host)) return UrlError("invalid host name", text);
  }
  // Unbracketed extra colons stay in the port text, which then fails below.
  const bool has_port = hp.has_port;
  const std::string_view port_text = hp.port;
  url.host = AsciiLowerCopy(host);

  url.port = DefaultPort(url.scheme);
  // RFC 3986 §3.2.3: an empty port after ':' means the default port.
  if (has_port && !port_text.empty() && !ParsePort(port_text, &url.port)) {
    return UrlError("invalid port", text);
  }

  url.path_and_query = parts.path.empty() ? "/" : std::string(parts.path);
  if (parts.has_query) {
    url.path_and_query += "?";
    url.path_and_query.append(parts.query);
  }
  return url;
}

bool HostInDomain(std::string_view host, std::string_view domain) {
  if (host.ends_with('.')) host.remove_suffix(1);
  if (domain.ends_with('.')) domain.remove_suffix(1);
  if (domain.empty() || host.size() < domain.size()) return false;
  std::string lhost = AsciiLowerCopy(host);
  std::string ldomain = AsciiLowerCopy(domain);
  if (lhost == ldomain) return true;
  return lhost.size() > ldomain.size() && lhost.ends_with(ldomain) &&
         lhost[lhost.size() - ldomain.size() - 1] == '.';
}

}  // namespace lde::discovery
