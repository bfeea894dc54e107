#include "support/metrics_text/metrics_text.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

namespace lde::testsupport {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// Cursor over one line; every Read* returns false on malformed input.
class LineReader {
 public:
  explicit LineReader(std::string_view line) : line_(line) {}

  bool AtEnd() const { return pos_ >= line_.size(); }
  char Peek() const { return AtEnd() ? '\0' : line_[pos_]; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  void SkipSpaces() {
    while (!AtEnd() && (line_[pos_] == ' ' || line_[pos_] == '\t')) ++pos_;
  }
  bool ReadName(std::string* out, bool allow_colon = true) {
    if (AtEnd() || !IsNameStart(Peek()) || (!allow_colon && Peek() == ':')) return false;
    std::size_t start = pos_;
    while (!AtEnd() && IsNameChar(Peek()) && (allow_colon || Peek() != ':')) ++pos_;
    *out = std::string(line_.substr(start, pos_ - start));
    return true;
  }
  // A double-quoted label value with \\, \" and \n escapes.
  bool ReadQuoted(std::string* out) {
    if (!Consume('"')) return false;
    out->clear();
    while (!AtEnd()) {
      char c = line_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (AtEnd()) return false;
      char e = line_[pos_++];
      if (e == '\\')
        *out += '\\';
      else if (e == '"')
        *out += '"';
      else if (e == 'n')
        *out += '\n';
      else
        return false;
    }
    return false;  // unterminated
  }
  std::string_view ReadToken() {
    std::size_t start = pos_;
    while (!AtEnd() && line_[pos_] != ' ' && line_[pos_] != '\t') ++pos_;
    return line_.substr(start, pos_ - start);
  }
  std::string_view Rest() const { return line_.substr(std::min(pos_, line_.size())); }

 private:
  std::string_view line_;
  std::size_t pos_ = 0;
};

bool ParseValue(std::string_view token, double* out) {
  if (token == "+Inf" || token == "Inf") {
    *out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (token == "-Inf") {
    *out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (token == "NaN" || token == "Nan") {  // prometheus-cpp writes "Nan"
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (!token.empty() && token.front() == '+') token.remove_prefix(1);
  if (token.empty()) return false;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), *out);
  return ec == std::errc() && end == token.data() + token.size() && std::isfinite(*out);
}

std::string UnescapeHelp(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == 'n')) {
      out += s[i + 1] == 'n' ? '\n' : '\\';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

Error LineError(int line_no, std::string_view what, std::string_view line) {
  return MakeError(ErrorKind::kInternal, "exposition line " + std::to_string(line_no) + ": " +
                                             std::string(what) + ": " + std::string(line));
}

// "# HELP name text" / "# TYPE name type"; other comments are ignored.
std::optional<Error> ParseComment(std::string_view line, int line_no, Exposition& exp) {
  LineReader r(line.substr(1));
  r.SkipSpaces();
  std::string_view keyword = r.ReadToken();
  if (keyword != "HELP" && keyword != "TYPE") return std::nullopt;
  r.SkipSpaces();
  std::string name;
  if (!r.ReadName(&name)) return LineError(line_no, "bad metric name", line);
  if (!r.AtEnd() && !r.Consume(' ')) return LineError(line_no, "bad metric name", line);
  std::string_view rest = r.Rest();
  if (keyword == "HELP") {
    exp.help[name] = UnescapeHelp(rest);
    return std::nullopt;
  }
  static const std::set<std::string_view> kTypes{"counter", "gauge", "histogram", "summary", "untyped"};
  if (!kTypes.contains(rest)) return LineError(line_no, "unknown type", line);
  if (!exp.types.emplace(name, std::string(rest)).second) {
    return LineError(line_no, "second TYPE line", line);
  }
  return std::nullopt;
}

Result<Sample> ParseSampleLine(std::string_view line, int line_no) {
  LineReader r(line);
  Sample sample;
  if (!r.ReadName(&sample.name)) return LineError(line_no, "bad metric name", line);
  if (r.Consume('{')) {
    while (!r.Consume('}')) {
      std::string label, value;
      if (!r.ReadName(&label, /*allow_colon=*/false)) return LineError(line_no, "bad label name", line);
      if (!r.Consume('=')) return LineError(line_no, "expected '='", line);
      if (!r.ReadQuoted(&value)) return LineError(line_no, "bad label value", line);
      if (!sample.labels.emplace(label, value).second) {
        return LineError(line_no, "repeated label " + label, line);
      }
      if (!r.Consume(',') && r.Peek() != '}') return LineError(line_no, "expected ',' or '}'", line);
    }
  }
  if (!r.Consume(' ')) return LineError(line_no, "expected a space before the value", line);
  r.SkipSpaces();
  if (!ParseValue(r.ReadToken(), &sample.value)) return LineError(line_no, "bad value", line);
  r.SkipSpaces();
  if (!r.AtEnd()) {
    std::string_view ts = r.ReadToken();
    long long ms = 0;
    auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), ms);
    if (ec != std::errc() || end != ts.data() + ts.size()) {
      return LineError(line_no, "bad timestamp", line);
    }
    r.SkipSpaces();
    if (!r.AtEnd()) return LineError(line_no, "trailing text", line);
  }
  return sample;
}

bool Matches(const Sample& s, std::string_view name, const LabelSubset& subset) {
  if (s.name != name) return false;
  for (const auto& [k, v] : subset) {
    auto it = s.labels.find(k);
    if (it == s.labels.end() || it->second != v) return false;
  }
  return true;
}

Exposition ParseOrThrow(std::string_view text) {
  auto parsed = ParseExposition(text);
  if (!parsed.ok()) throw std::invalid_argument(parsed.error().detail);
  return std::move(parsed).value();
}

}  // namespace

Result<Exposition> ParseExposition(std::string_view text) {
  Exposition exp;
  std::set<std::pair<std::string, std::map<std::string, std::string>>> seen;
  int line_no = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (auto err = ParseComment(line, line_no, exp)) return *err;
      continue;
    }
    auto sample = ParseSampleLine(line, line_no);
    if (!sample.ok()) return sample.error();
    if (!seen.emplace(sample.value().name, sample.value().labels).second) {
      return LineError(line_no, "duplicate series", line);
    }
    exp.samples.push_back(std::move(sample).value());
  }
  return exp;
}

std::optional<double> FindSample(const Exposition& exp, std::string_view name, const LabelSubset& subset) {
  for (const auto& s : exp.samples) {
    if (Matches(s, name, subset)) return s.value;
  }
  return std::nullopt;
}

std::size_t CountSeries(const Exposition& exp, std::string_view name, const LabelSubset& subset) {
  std::size_t n = 0;
  for (const auto& s : exp.samples) n += Matches(s, name, subset) ? 1 : 0;
  return n;
}

std::vector<Sample> FindAll(const Exposition& exp, std::string_view name, const LabelSubset& subset) {
  std::vector<Sample> out;
  for (const auto& s : exp.samples) {
    if (Matches(s, name, subset)) out.push_back(s);
  }
  return out;
}

std::optional<double> FindSample(std::string_view text, std::string_view name, const LabelSubset& subset) {
  return FindSample(ParseOrThrow(text), name, subset);
}

std::size_t CountSeries(std::string_view text, std::string_view name, const LabelSubset& subset) {
  return CountSeries(ParseOrThrow(text), name, subset);
}

}  // namespace lde::testsupport
