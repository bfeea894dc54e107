#pragma once

// Typed, line-aware reading of YAML nodes for the config loaders. yaml-cpp
// 0.7 has no strict mode, so MapReader checks keys itself and every reader
// reports problems to Diagnostics instead of throwing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "config/diagnostics.h"
#include "config/yaml_tree.h"

namespace lde::config::detail {

// 1-based line of `node`, or `fallback` for nodes without a position and for
// null nodes.
int LineOf(const YamlNode& node, int fallback);
// "null", "a scalar", "a sequence", "a mapping".
std::string KindName(const YamlNode& node);
// "path: message", or just "message" at the top level.
std::string At(const std::string& path, const std::string& message);

struct LocatedString {
  std::string value;
  int line = 0;
};

struct MapEntry {
  std::string key;
  int line = 0;  // of the key
  YamlNode value;
};

// The entries of a mapping in document order. Reports non-scalar and
// duplicate keys (yaml-cpp keeps both silently). `node` must be a mapping.
std::vector<MapEntry> ReadEntries(const YamlNode& node, const std::string& path, Diagnostics& diag);

// A mapping with a fixed set of keys. A null node reads as an empty mapping;
// any other non-mapping is reported once and reads as empty.
class MapReader {
 public:
  MapReader(const YamlNode& node, std::string path, int line, const std::vector<std::string_view>& allowed,
            Diagnostics& diag);

  bool is_map() const { return is_map_; }
  int line() const { return line_; }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const;
  const MapEntry* Find(std::string_view key) const;
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  int LineOf(std::string_view key) const;  // of the key, or of the mapping
  void Require(std::string_view key);

  // Each returns nullopt when the key is absent or its value is bad (the
  // latter reported).
  std::optional<std::string> String(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  std::optional<long long> Integer(std::string_view key, long long min, long long max);
  std::optional<Duration> DurationValue(std::string_view key);
  std::optional<std::vector<LocatedString>> StringList(std::string_view key);

  Diagnostics& diag() { return diag_; }

 private:
  std::string path_;
  int line_;
  Diagnostics& diag_;
  bool is_map_ = false;
  std::vector<MapEntry> entries_;
};

}  // namespace lde::config::detail
