#include "http/request.h"

#include "common/ascii.h"
#include "common/http_syntax.h"

namespace lde::http {
namespace {

// True when a comma-separated Connection value lists `option`.
bool ListsOption(std::string_view value, std::string_view option) {
  while (!value.empty()) {
    auto comma = value.find(',');
    std::string_view item = TrimOws(value.substr(0, comma));
    if (EqualsIgnoreAsciiCase(item, option)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreAsciiCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

bool HttpRequest::WantsKeepAlive() const {
  bool close = false, keep_alive = false;
  for (const auto& [n, v] : headers) {
    if (!EqualsIgnoreAsciiCase(n, "Connection")) continue;
    close = close || ListsOption(v, "close");
    keep_alive = keep_alive || ListsOption(v, "keep-alive");
  }
  if (close) return false;
  return minor_version >= 1 || keep_alive;
}

}  // namespace lde::http
