#include "http/query.h"

#include "common/ascii.h"
#include "common/utf8.h"

namespace lde::http {
namespace {

Error Bad(std::string reason) { return MakeError(ErrorKind::kHttpProtocol, std::move(reason)); }

bool HasControl(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

// One name or value, decoded; the error names what was wrong.
Result<std::string> Decode(std::string_view text, const QueryLimits& limits) {
  std::string out;
  out.reserve(std::min(text.size(), limits.max_value_bytes));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= limits.max_value_bytes) {
      return Bad("a query parameter is longer than " + std::to_string(limits.max_value_bytes) + " bytes");
    }
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size() || AsciiHexValue(text[i + 1]) < 0 || AsciiHexValue(text[i + 2]) < 0) {
        return Bad("bad percent-encoding in the query: '%' must be followed by two hex digits");
      }
      out += static_cast<char>(AsciiHexValue(text[i + 1]) * 16 + AsciiHexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  if (!IsValidUtf8(out)) return Bad("a query parameter is not UTF-8 once decoded");
  if (HasControl(out)) return Bad("a query parameter holds a control character");
  return out;
}

}  // namespace

Result<std::vector<QueryParam>> ParseQuery(std::string_view query, const QueryLimits& limits) {
  std::vector<QueryParam> params;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    if (params.size() >= limits.max_params) {
      return Bad("more than " + std::to_string(limits.max_params) + " query parameters");
    }
    auto eq = pair.find('=');
    auto name = Decode(pair.substr(0, eq), limits);
    if (!name.ok()) return name.error();
    auto value = Decode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), limits);
    if (!value.ok()) return value.error();
    params.push_back({std::move(name).value(), std::move(value).value()});
  }
  return params;
}

}  // namespace lde::http
