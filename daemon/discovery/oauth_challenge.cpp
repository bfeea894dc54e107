#include "discovery/oauth_challenge.h"

#include <string_view>
#include <utility>

#include "discovery/uri_parts.h"

namespace lde::discovery {
namespace {

struct Challenge {
  std::string scheme;
  std::vector<std::pair<std::string, std::string>> params;  // names lower case
};

// RFC 9110 §5.6.2 tchar.
bool IsTchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// RFC 7235 §2.1 token68 (without the trailing '=' padding).
bool IsToken68Char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '+' || c == '/';
}

// Parses one field value: 1#challenge, where
//   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param = token BWS "=" BWS ( token / quoted-string )
// Because both challenges and auth-params are comma-separated, an element
// that is a token NOT followed by "=" starts a new challenge (RFC 7235 §2.1).
class FieldParser {
 public:
  explicit FieldParser(std::string_view text) : s_(text) {}

  // Field lines of one header may be combined into one comma-separated line
  // (RFC 9110 §5.3), so an auth-param leading a line continues the last
  // challenge of the previous one. Lines are still parsed one by one so that
  // an unterminated quote in one cannot swallow the next.
  void Run(std::vector<Challenge>* out) {
    Challenge* current = out->empty() ? nullptr : &out->back();
    while (true) {
      SkipSeparators();
      if (AtEnd()) return;
      std::string_view token = Token();
      if (token.empty()) {
        SkipElement();
        continue;
      }
      std::size_t after_token = pos_;
      SkipOws();
      if (Peek() == '=') {
        // An auth-param of the current challenge, after a comma.
        ++pos_;
        SkipOws();
        AuthParam(token, current);
        continue;
      }
      pos_ = after_token;
      out->push_back(Challenge{std::string(token), {}});
      current = &out->back();
      if (AtEnd() || Peek() == ',') continue;
      if (Peek() != ' ' && Peek() != '\t') {
        SkipElement();
        continue;
      }
      SkipOws();
      if (AtEnd() || Peek() == ',') continue;
      FirstParamOrToken68(current);
    }
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return AtEnd() ? '\0' : s_[pos_]; }
  void SkipOws() {
    while (!AtEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  void SkipSeparators() {
    while (!AtEnd() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == ',')) ++pos_;
  }
  std::string_view Token() {
    std::size_t start = pos_;
    while (!AtEnd() && IsTchar(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; false when
  // unterminated.
  bool QuotedString(std::string* out) {
    ++pos_;  // opening quote
    while (!AtEnd()) {
      char c = s_[pos_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (AtEnd()) return false;
        c = s_[pos_++];
      }
      out->push_back(c);
    }
    return false;
  }

  bool ParamValue(std::string* out) {
    if (Peek() == '"') return QuotedString(out);
    std::string_view token = Token();
    if (token.empty()) return false;
    out->assign(token);
    return true;
  }

  // Garbage recovery: drop everything up to the next comma outside quotes.
  void SkipElement() {
    bool quoted = false;
    while (!AtEnd()) {
      char c = s_[pos_];
      if (quoted && c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (!quoted && c == ',') return;
      ++pos_;
    }
    pos_ = s_.size();
  }

  // After a complete element only whitespace may precede the comma.
  bool EndElement() {
    SkipOws();
    if (AtEnd() || Peek() == ',') return true;
    SkipElement();
    return false;
  }

  // The value of `name=`, positioned after "=" and BWS. A parameter with
  // trailing junk (e.g. an unquoted URL, `href=https://x`) is dropped whole
  // rather than kept truncated.
  void AuthParam(std::string_view name, Challenge* current) {
    std::string value;
    if (!ParamValue(&value)) {
      SkipElement();
      return;
    }
    if (EndElement() && current != nullptr) {
      current->params.emplace_back(detail::AsciiLower(name), std::move(value));
    }
  }

  // The first thing after "scheme SP": an auth-param or a token68.
  void FirstParamOrToken68(Challenge* current) {
    std::size_t start = pos_;
    std::string_view name = Token();
    SkipOws();
    if (!name.empty() && Peek() == '=') {
      ++pos_;
      SkipOws();
      if (IsTchar(Peek()) || Peek() == '"') {
        AuthParam(name, current);
        return;
      }
    }
    // token68 (e.g. "Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaAD=="): its
    // value is of no use to a probe, only the scheme matters.
    pos_ = start;
    std::size_t run = 0;
    while (!AtEnd() && IsToken68Char(s_[pos_])) ++pos_, ++run;
    while (run > 0 && !AtEnd() && s_[pos_] == '=') ++pos_;
    if (run == 0) {
      SkipElement();
      return;
    }
    EndElement();
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

std::string CanonicalScheme(std::string_view scheme) {
  static constexpr std::string_view kKnown[] = {"Bearer", "MsRtcOAuth", "Negotiate", "NTLM",
                                                "Basic",  "Digest",     "Kerberos",  "TLS-DSK"};
  std::string lower = detail::AsciiLower(scheme);
  for (std::string_view known : kKnown) {
    if (detail::AsciiLower(known) == lower) return std::string(known);
  }
  return std::string(scheme);
}

std::vector<std::string> SplitGrantTypes(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

OAuthChallenge ParseWwwAuthenticate(const std::vector<std::string>& header_values) {
  std::vector<Challenge> challenges;
  for (const std::string& value : header_values) FieldParser(value).Run(&challenges);

  OAuthChallenge result;
  for (const Challenge& challenge : challenges) {
    std::string scheme = CanonicalScheme(challenge.scheme);
    bool seen = false;
    for (const std::string& s : result.schemes) seen = seen || s == scheme;
    if (!seen) result.schemes.push_back(scheme);

    if (result.present || scheme != "MsRtcOAuth") continue;
    std::string href;
    std::string grant_types;
    for (const auto& [name, param] : challenge.params) {
      if (name == "href" && href.empty()) href = param;
      if (name == "grant_type" && grant_types.empty()) grant_types = param;
    }
    if (href.empty()) continue;
    result.present = true;
    result.href = href;
    result.grant_types = SplitGrantTypes(grant_types);
  }
  return result;
}

}  // namespace lde::discovery
