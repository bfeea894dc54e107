#include "http/request.h"

#include "common/ascii.h"
#include "common/http_syntax.h"

namespace lde::http {
namespace {

// application/x-www-form-urlencoded decoding; a malformed escape is kept
// as written (the value is then simply not a configured name).
std::string FormDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && AsciiHexValue(text[i + 1]) >= 0 &&
               AsciiHexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(AsciiHexValue(text[i + 1]) * 16 + AsciiHexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

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

std::optional<std::string> HttpRequest::QueryParam(std::string_view key) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    if (FormDecode(pair.substr(0, eq)) == key) {
      return eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace lde::http
