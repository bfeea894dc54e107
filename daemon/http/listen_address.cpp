#include "http/listen_address.h"

#include <charconv>

#include "common/host_port.h"

namespace lde::http {
namespace {

Error Bad(std::string_view text, std::string_view why) {
  return MakeError(ErrorKind::kConfig,
                   "invalid listen address \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress out;
  const HostPort split = SplitHostPort(text);
  if (split.error == HostPortError::kUnclosedBracket) return Bad(text, "missing ']'");
  out.host = std::string(split.host);
  out.ipv6 = split.bracketed;
  if (split.bracketed) {
    if (out.host.empty()) return Bad(text, "empty IPv6 address");
    if (split.error != HostPortError::kNone || !split.has_port)
      return Bad(text, "expected ':port' after ']'");
  } else {
    if (!split.has_port) return Bad(text, "missing ':port'");
    if (split.extra_colons) return Bad(text, "write IPv6 addresses in brackets, e.g. [::1]:9100");
  }
  const std::string_view port_text = split.port;
  if (port_text.empty()) return Bad(text, "missing port");
  unsigned long port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size()) {
    return Bad(text, "port is not a number");
  }
  if (port > 65535) return Bad(text, "port out of range");
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

}  // namespace lde::http
