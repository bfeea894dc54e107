#include "http/listen_address.h"

#include <charconv>

namespace lde::http {
namespace {

Error Bad(std::string_view text, std::string_view why) {
  return MakeError(ErrorKind::kConfig,
                   "invalid listen address \"" + std::string(text) + "\": " + std::string(why));
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  ListenAddress out;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return Bad(text, "missing ']'");
    out.host = std::string(text.substr(1, close - 1));
    out.ipv6 = true;
    if (out.host.empty()) return Bad(text, "empty IPv6 address");
    std::string_view rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') return Bad(text, "expected ':port' after ']'");
    port_text = rest.substr(1);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return Bad(text, "missing ':port'");
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) {
      return Bad(text, "write IPv6 addresses in brackets, e.g. [::1]:9100");
    }
    port_text = text.substr(colon + 1);
  }
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
