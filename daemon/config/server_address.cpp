#include "config/server_address.h"

#include <charconv>
#include <string>

#include "common/host_port.h"
#include "common/ip_literal.h"

namespace lde::config {
namespace {

Error Bad(std::string detail) { return MakeError(ErrorKind::kConfig, std::move(detail)); }

Result<std::string> NumericAddress(std::string_view host, bool want_v6) {
  // inet_ntop form, so "2001:DB8::0001" and "2001:db8::1" are the same server.
  const std::string text(host);
  if (want_v6) {
    if (auto a6 = ParseIpv6Literal(host)) return FormatIp(*a6);
    return Bad("\"" + text + "\" is not a numeric IPv6 address");
  }
  if (auto a4 = ParseIpv4Literal(host)) return FormatIp(*a4);
  return Bad("\"" + text + "\" is not a numeric IP address (host names are not allowed here)");
}

}  // namespace

Result<std::uint16_t> ParsePort(std::string_view text) {
  if (text.empty()) return Bad("empty port");
  unsigned long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return Bad("port " + std::string(text) + " is out of range 1-65535");
  }
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return Bad("port \"" + std::string(text) + "\" is not a number");
  }
  if (value < 1 || value > 65535) {
    return Bad("port " + std::string(text) + " is out of range 1-65535");
  }
  return static_cast<std::uint16_t>(value);
}

Result<ResolverConfig::Server> ParseServerAddress(std::string_view text) {
  if (text.empty()) return Bad("empty server address");
  const HostPort split = SplitHostPort(text);
  if (split.error == HostPortError::kUnclosedBracket)
    return Bad("missing ']' in \"" + std::string(text) + "\"");
  if (split.error == HostPortError::kTextAfterBracket) {
    return Bad("unexpected text after ']' in \"" + std::string(text) + "\"");
  }
  std::string_view host = split.host;
  std::string_view port = split.port;
  bool v6 = split.bracketed;
  if (split.extra_colons) {
    host = text;  // a bare IPv6 address; a port needs the [v6]:port form
    port = {};
    v6 = true;
  } else if (split.has_port && port.empty()) {
    return Bad("empty port in \"" + std::string(text) + "\"");
  }
  auto address = NumericAddress(host, v6);
  if (!address) return address.error();
  ResolverConfig::Server server;
  server.address = address.value();
  if (!port.empty()) {
    auto parsed = ParsePort(port);
    if (!parsed) return parsed.error();
    server.port = parsed.value();
  }
  return server;
}

}  // namespace lde::config
