#include "common/host_port.h"

namespace lde {

HostPort SplitHostPort(std::string_view text) {
  HostPort out;
  std::string_view rest;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
      out.error = HostPortError::kUnclosedBracket;
      return out;
    }
    out.bracketed = true;
    out.host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      out.error = HostPortError::kTextAfterBracket;
      return out;
    }
  } else {
    const std::size_t colon = text.find(':');
    out.host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
      rest = text.substr(colon);
      out.extra_colons = text.find(':', colon + 1) != std::string_view::npos;
    }
  }
  if (!rest.empty()) {
    out.has_port = true;
    out.port = rest.substr(1);
  }
  return out;
}

std::string_view StripBrackets(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
  return host;
}

std::string BracketHost(std::string_view host) {
  if (host.find(':') == std::string_view::npos || host.front() == '[') return std::string(host);
  std::string out;
  out.reserve(host.size() + 2);
  out.append("[").append(host).append("]");
  return out;
}

}  // namespace lde
