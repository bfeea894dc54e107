#include "http/accept.h"

#include <charconv>

#include "common/ascii.h"
#include "common/http_syntax.h"

namespace lde::http {
namespace {

// 3 for "type/subtype" equal to `media_type`, 2 for "type/*" of its type,
// 1 for "*/*", 0 when the range does not match.
int Specificity(std::string_view range, std::string_view media_type) {
  if (range == "*/*") return 1;
  auto slash = media_type.find('/');
  std::string_view type = media_type.substr(0, slash);
  if (range.size() == type.size() + 2 && range.substr(type.size()) == "/*" &&
      EqualsIgnoreAsciiCase(range.substr(0, type.size()), type)) {
    return 2;
  }
  return EqualsIgnoreAsciiCase(range, media_type) ? 3 : 0;
}

}  // namespace

double QValue(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    std::string_view param = TrimOws(params.substr(0, semi));
    if (param.size() > 2 && AsciiLowerChar(param[0]) == 'q' && param[1] == '=') {
      std::string_view number = param.substr(2);
      double q = 0;
      auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), q);
      if (ec != std::errc() || end != number.data() + number.size() || q < 0 || q > 1) return 0;
      return q;
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return 1;
}

double AcceptQuality(std::optional<std::string_view> accept, std::string_view media_type) {
  if (!accept) return 1;
  int best = 0;
  double quality = 0;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = TrimOws(rest.substr(0, comma));
    auto semi = item.find(';');
    int specificity = Specificity(TrimOws(item.substr(0, semi)), media_type);
    if (specificity > best) {
      best = specificity;
      quality = semi == std::string_view::npos ? 1 : QValue(item.substr(semi + 1));
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return quality;
}

}  // namespace lde::http
