#include "discovery/oauth_challenge.h"

#include <string_view>
#include <utility>

#include "common/ascii.h"
#include "common/http_syntax.h"
#include "model/budgets.h"

namespace lde::discovery {
namespace {

std::string CanonicalScheme(std::string_view scheme) {
  static constexpr std::string_view kKnown[] = {"Bearer", "MsRtcOAuth", "Negotiate", "NTLM",
                                                "Basic",  "Digest",     "Kerberos",  "TLS-DSK"};
  for (std::string_view known : kKnown) {
    if (EqualsIgnoreAsciiCase(known, scheme)) return std::string(known);
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

// Builds the result while the parser meets challenges, so nothing grows
// with the number of challenges but the count: schemes are compared only
// with the (at most kAuthSchemes) kept ones, and parameters are kept only
// for the MsRtcOAuth challenge being read.
class ChallengeCollector {
 public:
  explicit ChallengeCollector(WwwAuthenticateWork& work) : work_(work) {}

  // A new challenge; the parameters that follow belong to it.
  void Begin(std::string_view raw_scheme) {
    Close();
    ++work_.challenges;
    std::string scheme = CanonicalScheme(raw_scheme);
    reading_oauth_ = !result_.present && scheme == "MsRtcOAuth";
    Keep(std::move(scheme));
  }

  // An auth-param of the current challenge (none before the first).
  void Param(std::string_view name, std::string value) {
    if (!reading_oauth_) return;
    if (EqualsIgnoreAsciiCase(name, "href")) {
      if (href_.empty()) href_ = std::move(value);
    } else if (EqualsIgnoreAsciiCase(name, "grant_type")) {
      if (grant_types_.empty()) grant_types_ = std::move(value);
    }
  }

  OAuthChallenge Finish() {
    Close();
    return std::move(result_);
  }

 private:
  // The first MsRtcOAuth challenge with a non-empty href is the one.
  void Close() {
    if (reading_oauth_ && !href_.empty()) {
      result_.present = true;
      result_.href = std::move(href_);
      result_.grant_types = SplitGrantTypes(grant_types_);
    }
    reading_oauth_ = false;
    href_.clear();
    grant_types_.clear();
  }

  void Keep(std::string scheme) {
    for (const std::string& kept : result_.schemes) {
      ++work_.scheme_comparisons;
      if (kept == scheme) return;
    }
    if (result_.schemes.size() < model::budget::kAuthSchemes.value) {
      result_.schemes.push_back(std::move(scheme));
    } else {
      ++result_.schemes_dropped;
    }
  }

  WwwAuthenticateWork& work_;
  OAuthChallenge result_;
  bool reading_oauth_ = false;
  std::string href_;
  std::string grant_types_;
};

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
  FieldParser(std::string_view text, ChallengeCollector& out) : s_(text), out_(out) {}

  // Field lines of one header may be combined into one comma-separated line
  // (RFC 9110 §5.3), so an auth-param leading a line continues the last
  // challenge of the previous one (the collector's current challenge). Lines
  // are still parsed one by one so that an unterminated quote in one cannot
  // swallow the next. Every byte is looked at a bounded number of times.
  void Run() {
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
        AuthParam(token);
        continue;
      }
      pos_ = after_token;
      out_.Begin(token);
      if (AtEnd() || Peek() == ',') continue;
      if (Peek() != ' ' && Peek() != '\t') {
        SkipElement();
        continue;
      }
      SkipOws();
      if (AtEnd() || Peek() == ',') continue;
      FirstParamOrToken68();
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
    while (!AtEnd() && IsTokenChar(s_[pos_])) ++pos_;
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
  void AuthParam(std::string_view name) {
    std::string value;
    if (!ParamValue(&value)) {
      SkipElement();
      return;
    }
    if (EndElement()) out_.Param(name, std::move(value));
  }

  // The first thing after "scheme SP": an auth-param or a token68.
  void FirstParamOrToken68() {
    std::size_t start = pos_;
    std::string_view name = Token();
    SkipOws();
    if (!name.empty() && Peek() == '=') {
      ++pos_;
      SkipOws();
      if (IsTokenChar(Peek()) || Peek() == '"') {
        AuthParam(name);
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
  ChallengeCollector& out_;
  std::size_t pos_ = 0;
};

}  // namespace

OAuthChallenge ParseWwwAuthenticate(const std::vector<std::string>& header_values,
                                    WwwAuthenticateWork* work) {
  WwwAuthenticateWork ignored;
  ChallengeCollector collector(work != nullptr ? *work : ignored);
  for (const std::string& value : header_values) FieldParser(value, collector).Run();
  return collector.Finish();
}

}  // namespace lde::discovery
