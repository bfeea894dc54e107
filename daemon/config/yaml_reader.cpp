#include "config/yaml_reader.h"

#include <yaml-cpp/yaml.h>

#include <charconv>

#include "config/duration.h"

namespace lde::config::detail {
namespace {

std::string Join(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// A non-empty string scalar at `path`, else reported.
std::optional<std::string> ScalarString(const YamlNode& node, const std::string& path, int line,
                                        Diagnostics& diag) {
  if (node.IsNull()) {
    diag.Add(line, At(path, "has no value (expected a string)"));
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    diag.Add(line, At(path, "expected a string, got " + KindName(node)));
    return std::nullopt;
  }
  if (node.Scalar().empty()) {
    diag.Add(line, At(path, "must not be empty"));
    return std::nullopt;
  }
  return std::string(node.Scalar());
}

}  // namespace

int LineOf(const YamlNode& node, int fallback) {
  // yaml-cpp marks an empty (null) value where the next token starts, often
  // on a later line; the caller's line (the key's) is the better answer.
  if (node.IsNull() || node.line() <= 0) return fallback;
  return node.line();
}

std::string KindName(const YamlNode& node) {
  switch (node.kind()) {
    case YamlKind::kNull:
      return "null";
    case YamlKind::kScalar:
      return "a scalar";
    case YamlKind::kSequence:
      return "a sequence";
    case YamlKind::kMap:
      return "a mapping";
  }
  return "nothing";
}

std::string At(const std::string& path, const std::string& message) {
  return path.empty() ? message : path + ": " + message;
}

std::vector<MapEntry> ReadEntries(const YamlNode& node, const std::string& path, Diagnostics& diag) {
  std::vector<MapEntry> entries;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YamlNode key_node = node.Key(i);
    int line = LineOf(key_node, LineOf(node, 0));
    if (!key_node.IsScalar()) {
      diag.Add(line, At(path, "keys must be strings, got " + KindName(key_node)));
      continue;
    }
    const std::string_view key = key_node.Scalar();
    bool duplicate = false;
    for (const auto& seen : entries) duplicate = duplicate || seen.key == key;
    if (duplicate) {
      diag.Add(line, At(path, "duplicate key \"" + std::string(key) + "\""));
      continue;
    }
    entries.push_back({std::string(key), line, node.Value(i)});
  }
  return entries;
}

MapReader::MapReader(const YamlNode& node, std::string path, int line,
                     const std::vector<std::string_view>& allowed, Diagnostics& diag)
    : path_(std::move(path)), line_(detail::LineOf(node, line)), diag_(diag) {
  if (node.IsNull()) {
    is_map_ = true;
    return;
  }
  if (!node.IsMap()) {
    diag_.Add(line_, At(path_, "expected a mapping, got " + KindName(node)));
    return;
  }
  is_map_ = true;
  for (auto& entry : ReadEntries(node, path_, diag_)) {
    bool known = false;
    for (auto key : allowed) known = known || key == entry.key;
    if (known) {
      entries_.push_back(std::move(entry));
      continue;
    }
    std::string where = path_.empty() ? "unknown top-level key" : path_ + ": unknown key";
    diag_.Add(entry.line, where + " \"" + entry.key + "\" (expected one of: " + Join(allowed) + ")");
  }
}

std::string MapReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const MapEntry* MapReader::Find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

int MapReader::LineOf(std::string_view key) const {
  const MapEntry* entry = Find(key);
  return entry ? entry->line : line_;
}

void MapReader::Require(std::string_view key) {
  if (is_map_ && !Has(key)) {
    diag_.Add(line_, At(path_, "missing required key \"" + std::string(key) + "\""));
  }
}

std::optional<std::string> MapReader::String(std::string_view key) {
  const MapEntry* entry = Find(key);
  if (!entry) return std::nullopt;
  return ScalarString(entry->value, PathOf(key), detail::LineOf(entry->value, entry->line), diag_);
}

std::optional<bool> MapReader::Bool(std::string_view key) {
  const MapEntry* entry = Find(key);
  if (!entry) return std::nullopt;
  int line = detail::LineOf(entry->value, entry->line);
  bool value = false;
  // yaml-cpp's own reading of a boolean (y/n, yes/no, true/false, on/off in
  // three cases), as YAML::Node::as<bool> would give it.
  if (!entry->value.IsScalar() ||
      !YAML::convert<bool>::decode(YAML::Node(std::string(entry->value.Scalar())), value)) {
    std::string got =
        entry->value.IsScalar() ? "\"" + std::string(entry->value.Scalar()) + "\"" : KindName(entry->value);
    diag_.Add(line, At(PathOf(key), "expected true or false, got " + got));
    return std::nullopt;
  }
  return value;
}

std::optional<long long> MapReader::Integer(std::string_view key, long long min, long long max) {
  const MapEntry* entry = Find(key);
  if (!entry) return std::nullopt;
  int line = detail::LineOf(entry->value, entry->line);
  std::string path = PathOf(key);
  if (!entry->value.IsScalar()) {
    diag_.Add(line, At(path, "expected an integer, got " + KindName(entry->value)));
    return std::nullopt;
  }
  const std::string text(entry->value.Scalar());
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ptr != text.data() + text.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    diag_.Add(line, At(path, "expected an integer, got \"" + text + "\""));
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range || value < min || value > max) {
    diag_.Add(line, At(path, text + " is out of range " + std::to_string(min) + "-" + std::to_string(max)));
    return std::nullopt;
  }
  return value;
}

std::optional<Duration> MapReader::DurationValue(std::string_view key) {
  auto text = String(key);
  if (!text) return std::nullopt;
  auto value = ParseDuration(*text);
  if (!value) {
    diag_.Add(
        detail::LineOf(Find(key)->value, LineOf(key)),
        At(PathOf(key), "invalid duration \"" + *text +
                            "\" (expected a number and a unit: ms, s, m, h, d, w, y; e.g. 30s, 1h30m)"));
  }
  return value;
}

std::optional<std::vector<LocatedString>> MapReader::StringList(std::string_view key) {
  const MapEntry* entry = Find(key);
  if (!entry) return std::nullopt;
  std::string path = PathOf(key);
  int line = detail::LineOf(entry->value, entry->line);
  if (!entry->value.IsSequence()) {
    diag_.Add(line, At(path, "expected a list, got " + KindName(entry->value)));
    return std::nullopt;
  }
  std::vector<LocatedString> out;
  bool ok = true;
  for (std::size_t i = 0; i < entry->value.size(); ++i) {
    const YamlNode item = entry->value.Item(i);
    int item_line = detail::LineOf(item, line);
    auto text = ScalarString(item, path + "[" + std::to_string(i) + "]", item_line, diag_);
    if (text) {
      out.push_back({*text, item_line});
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace lde::config::detail
