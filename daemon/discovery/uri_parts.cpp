#include "discovery/uri_parts.h"

#include "common/ascii.h"

namespace lde::discovery::detail {
namespace {

bool IsHex(char c) { return AsciiHexValue(c) >= 0; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RFC 3986 §2.2 and §2.3: unreserved and reserved characters ('%' is checked
// separately because it must introduce two hex digits).
bool IsUriChar(char c) {
  if (IsAlpha(c) || IsDigit(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':  // unreserved
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':  // gen-delims
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':  // sub-delims
      return true;
    default:
      return false;
  }
}

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
bool IsValidScheme(std::string_view s) {
  if (s.empty() || !IsAlpha(s[0])) return false;
  for (char c : s) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

Result<UriParts> SplitUri(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) {
        return MakeError(ErrorKind::kDiscoveryParse, "truncated %-escape in URI");
      }
      if (!IsHex(text[i + 1]) || !IsHex(text[i + 2])) {
        return MakeError(ErrorKind::kDiscoveryParse, "bad %-escape in URI");
      }
      i += 2;
      continue;
    }
    if (!IsUriChar(c)) {
      return MakeError(ErrorKind::kDiscoveryParse,
                       "character not allowed in a URI at offset " + std::to_string(i));
    }
  }

  // Appendix B: ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
  UriParts parts;
  std::string_view rest = text;
  std::size_t stop = rest.find_first_of(":/?#");
  if (stop != std::string_view::npos && stop > 0 && rest[stop] == ':') {
    parts.has_scheme = true;
    parts.scheme = rest.substr(0, stop);
    rest.remove_prefix(stop + 1);
    if (!IsValidScheme(parts.scheme)) {
      return MakeError(ErrorKind::kDiscoveryParse, "invalid URI scheme");
    }
  } else if (stop == 0 && rest[0] == ':') {
    return MakeError(ErrorKind::kDiscoveryParse, "URI starts with ':'");
  }
  if (rest.size() >= 2 && rest[0] == '/' && rest[1] == '/') {
    rest.remove_prefix(2);
    std::size_t end = rest.find_first_of("/?#");
    if (end == std::string_view::npos) end = rest.size();
    parts.has_authority = true;
    parts.authority = rest.substr(0, end);
    rest.remove_prefix(end);
  }
  std::size_t path_end = rest.find_first_of("?#");
  if (path_end == std::string_view::npos) path_end = rest.size();
  parts.path = rest.substr(0, path_end);
  rest.remove_prefix(path_end);
  if (!rest.empty() && rest[0] == '?') {
    std::size_t end = rest.find('#');
    if (end == std::string_view::npos) end = rest.size();
    parts.has_query = true;
    parts.query = rest.substr(1, end - 1);
    rest.remove_prefix(end);
  }
  if (!rest.empty() && rest[0] == '#') {
    parts.has_fragment = true;
    parts.fragment = rest.substr(1);
  }
  return parts;
}

std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  auto pop_last_segment = [&out] {
    std::size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.starts_with("../")) {  // A
      in.remove_prefix(3);
    } else if (in.starts_with("./") || in.starts_with("/./")) {  // A, B: both drop two characters
      in.remove_prefix(2);
    } else if (in == "/.") {  // B
      in = "/";
    } else if (in.starts_with("/../")) {  // C
      in.remove_prefix(3);
      pop_last_segment();
    } else if (in == "/..") {  // C
      in = "/";
      pop_last_segment();
    } else if (in == "." || in == "..") {  // D
      in = {};
    } else {  // E
      std::size_t next = in.find('/', 1);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string Recompose(const UriParts& parts) {
  std::string out;
  if (parts.has_scheme) {
    out.append(parts.scheme);
    out.push_back(':');
  }
  if (parts.has_authority) {
    out.append("//");
    out.append(parts.authority);
  }
  out.append(parts.path);
  if (parts.has_query) {
    out.push_back('?');
    out.append(parts.query);
  }
  if (parts.has_fragment) {
    out.push_back('#');
    out.append(parts.fragment);
  }
  return out;
}

}  // namespace lde::discovery::detail
