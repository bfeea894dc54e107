#include "config/server_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace lde::config {
namespace {

Error Bad(std::string detail) { return MakeError(ErrorKind::kConfig, std::move(detail)); }

// inet_ntop form, so "2001:DB8::0001" and "2001:db8::1" are the same server.
std::string Canonical(int family, const void* addr) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(family, addr, buf, sizeof(buf));
  return buf;
}

Result<std::string> NumericAddress(std::string_view host, bool want_v6) {
  std::string text(host);
  if (want_v6) {
    in6_addr a6{};
    if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) return Canonical(AF_INET6, &a6);
    return Bad("\"" + text + "\" is not a numeric IPv6 address");
  }
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) return Canonical(AF_INET, &a4);
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
  std::string_view host = text;
  std::string_view port;
  bool v6 = false;
  if (text.front() == '[') {
    std::size_t close = text.find(']');
    if (close == std::string_view::npos) return Bad("missing ']' in \"" + std::string(text) + "\"");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Bad("unexpected text after ']' in \"" + std::string(text) + "\"");
      port = rest.substr(1);
      if (port.empty()) return Bad("empty port in \"" + std::string(text) + "\"");
    }
    v6 = true;
  } else if (std::count(text.begin(), text.end(), ':') > 1) {
    v6 = true;  // a bare IPv6 address; a port needs the [v6]:port form
  } else if (std::size_t colon = text.find(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (port.empty()) return Bad("empty port in \"" + std::string(text) + "\"");
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
