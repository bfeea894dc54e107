#include "promql_selectors.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace lde::packaging {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsOurs(std::string_view name) { return name.starts_with("lyncdiscover_") || name.starts_with("probe_"); }

// Reads PromQL source text left to right.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  SelectorParse Run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"' || c == '\'' || c == '`') {
        if (!ReadString()) Problem("unterminated string");
      } else if (c == '$') {  // a Grafana variable: $name or ${name}
        ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '{') {
          const std::size_t close = text_.find('}', pos_);
          pos_ = close == std::string_view::npos ? text_.size() : close + 1;
        } else {
          SkipWhile(IsIdentChar);
        }
      } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
        SkipWhile([](char d) { return std::isalnum(static_cast<unsigned char>(d)) != 0 || d == '.'; });
      } else if (IsIdentStart(c)) {
        ReadIdentifier();
      } else if (c == '{') {
        Problem("label matchers without a metric name");
        SkipPast('}');
      } else {
        ++pos_;
      }
    }
    return std::move(out_);
  }

 private:
  template <typename Pred>
  void SkipWhile(Pred pred) {
    while (pos_ < text_.size() && pred(text_[pos_])) ++pos_;
  }
  void SkipSpaces() {
    SkipWhile([](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
  }
  void SkipPast(char c) {
    const std::size_t at = text_.find(c, pos_);
    pos_ = at == std::string_view::npos ? text_.size() : at + 1;
  }
  void Problem(const std::string& what) {
    out_.problems.push_back(what + " at offset " + std::to_string(pos_) + " of: " + std::string(text_));
  }

  // A string literal at pos_; its value with escapes resolved, or false.
  bool ReadString(std::string* value = nullptr) {
    const char quote = text_[pos_++];
    std::string out;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_++];
      if (c == '\\' && quote != '`' && pos_ < text_.size()) {
        c = text_[pos_++];
        if (c == 'n') c = '\n';
        if (c == 't') c = '\t';
      }
      out += c;
    }
    if (pos_ >= text_.size()) return false;
    ++pos_;  // the closing quote
    if (value != nullptr) *value = std::move(out);
    return true;
  }

  void ReadIdentifier() {
    const std::size_t start = pos_;
    SkipWhile(IsIdentChar);
    Selector selector{std::string(text_.substr(start, pos_ - start)), {}};
    const std::size_t after_name = pos_;
    SkipSpaces();
    const bool braces = pos_ < text_.size() && text_[pos_] == '{';
    if (!braces) pos_ = after_name;
    // A function or keyword is followed by '(' or is not ours; a foreign
    // metric with matchers is still a selector.
    if (!IsOurs(selector.metric) && !braces) return;
    if (braces && !ReadMatchers(selector)) return;
    out_.selectors.push_back(std::move(selector));
  }

  bool ReadMatchers(Selector& selector) {
    ++pos_;  // '{'
    for (;;) {
      SkipSpaces();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      const std::size_t label_start = pos_;
      SkipWhile(IsIdentChar);
      Matcher matcher{std::string(text_.substr(label_start, pos_ - label_start)), "", ""};
      SkipSpaces();
      for (const char* op : {"=~", "!~", "!=", "="}) {
        if (text_.substr(pos_).starts_with(op)) {
          matcher.op = op;
          pos_ += matcher.op.size();
          break;
        }
      }
      SkipSpaces();
      const bool quoted =
          pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'' || text_[pos_] == '`');
      if (matcher.label.empty() || matcher.op.empty() || !quoted || !ReadString(&matcher.value)) {
        Problem("unreadable label matcher in " + selector.metric);
        SkipPast('}');
        return false;
      }
      selector.matchers.push_back(std::move(matcher));
      SkipSpaces();
      if (pos_ < text_.size() && text_[pos_] == ',') ++pos_;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  SelectorParse out_;
};

bool IsAggregation(std::string_view word) {
  for (const char* op : {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                         "bottomk", "topk", "quantile"}) {
    if (word == op) return true;
  }
  return false;
}

// The position after the parenthesis that closes the one at `open`.
std::size_t AfterClosing(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i + 1;
  }
  return text.size();
}

std::size_t SkipSpace(std::string_view text, std::size_t pos) {
  while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])) != 0) ++pos;
  return pos;
}

std::string WordAt(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && IsIdentChar(text[end])) ++end;
  return std::string(text.substr(pos, end - pos));
}

// The names of a label list "(a, b)" starting at `open`.
std::vector<std::string> LabelList(std::string_view text, std::size_t open, std::size_t close) {
  std::vector<std::string> names;
  std::size_t pos = open + 1;
  while (pos < close) {
    pos = SkipSpace(text, pos);
    std::string name = WordAt(text, pos);
    pos += name.size();
    if (!name.empty()) names.push_back(std::move(name));
    while (pos < close && !IsIdentChar(text[pos])) ++pos;
  }
  return names;
}

}  // namespace

SelectorParse SelectorsInExpr(std::string_view expr) { return Reader(expr).Run(); }

std::string WithoutStrings(std::string_view text) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;  // skip the escaped character
      } else if (c == quote) {
        quote = 0;
        out += ' ';
      }
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> LabelDroppedProblems(std::string_view expr, std::string_view label) {
  const std::string text = WithoutStrings(expr);
  const std::string_view view(text);
  std::vector<std::string> problems;
  auto contains = [&](const std::vector<std::string>& names) {
    return std::find(names.begin(), names.end(), label) != names.end();
  };
  std::size_t pos = 0;
  while (pos < view.size()) {
    if (!IsIdentStart(view[pos]) || (pos > 0 && IsIdentChar(view[pos - 1]))) {
      ++pos;
      continue;
    }
    const std::string word = WordAt(view, pos);
    const std::size_t after_word = pos + word.size();
    pos = after_word;
    const std::size_t open = SkipSpace(view, after_word);
    const bool call = open < view.size() && view[open] == '(';
    if (IsAggregation(word)) {
      // `sum by (x) (...)`, `sum without (x) (...)`, `sum(...) by (x)`: the
      // clause's list is checked when the loop reaches it.
      const std::string next = WordAt(view, open);
      if (next == "by" || next == "without" || !call) continue;
      const std::size_t after = SkipSpace(view, AfterClosing(view, open));
      const std::string trailing = WordAt(view, after);
      if (trailing != "by" && trailing != "without") {
        problems.push_back(word + "(...) without a by clause aggregates " + std::string(label) + " away");
      }
      continue;
    }
    if (!call || (word != "by" && word != "on" && word != "without" && word != "ignoring")) continue;
    const std::size_t close = AfterClosing(view, open);
    const std::vector<std::string> names = LabelList(view, open, close - 1);
    const std::string clause = word + " " + std::string(view.substr(open, close - open));
    if (word == "without" || word == "ignoring") {
      if (contains(names)) problems.push_back(clause + " drops " + std::string(label));
      continue;
    }
    if (contains(names)) continue;
    if (word == "on") {
      std::size_t next = SkipSpace(view, close);
      std::string operand = WordAt(view, next);
      if (operand == "group_left" || operand == "group_right") {
        next = SkipSpace(view, next + operand.size());
        if (next < view.size() && view[next] == '(') next = SkipSpace(view, AfterClosing(view, next));
        operand = WordAt(view, next);
      }
      if (operand == "up" || operand == "absent") continue;
    }
    problems.push_back(clause + " leaves out " + std::string(label));
  }
  return problems;
}

bool Selects(const Selector& selector, const Series& series) {
  if (selector.metric != series.name) return false;
  for (const Matcher& m : selector.matchers) {
    const auto it = series.labels.find(m.label);
    const std::string& value = it == series.labels.end() ? std::string() : it->second;
    bool ok = false;
    if (m.op == "=") ok = value == m.value;
    if (m.op == "!=") ok = value != m.value;
    if (m.op == "=~") ok = std::regex_match(value, std::regex(m.value));
    if (m.op == "!~") ok = !std::regex_match(value, std::regex(m.value));
    if (!ok) return false;
  }
  return true;
}

std::string Interpolate(std::string_view expr, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  while (pos < expr.size()) {
    if (expr[pos] != '$') {
      out += expr[pos++];
      continue;
    }
    std::size_t end = pos + 1;
    std::string name;
    if (end < expr.size() && expr[end] == '{') {
      const std::size_t close = expr.find('}', end);
      if (close == std::string_view::npos) {
        out += expr.substr(pos);
        break;
      }
      name = std::string(expr.substr(end + 1, close - end - 1));
      name = name.substr(0, name.find(':'));  // ${name:format}
      end = close + 1;
    } else {
      while (end < expr.size() &&
             (std::isalnum(static_cast<unsigned char>(expr[end])) != 0 || expr[end] == '_')) {
        ++end;
      }
      name = std::string(expr.substr(pos + 1, end - pos - 1));
    }
    const auto it = values.find(name);
    out += it == values.end() ? std::string(expr.substr(pos, end - pos)) : it->second;
    pos = end;
  }
  return out;
}

std::string RegexAlternation(const std::vector<std::string>& values) {
  std::string out = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += '|';
    for (char c : values[i]) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += "\\\\";
      out += c;
    }
  }
  return out + ")";
}

}  // namespace lde::packaging
