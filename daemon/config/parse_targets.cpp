#include <string>
#include <unordered_map>

#include "common/ascii.h"
#include "config/host_name.h"
#include "config/references.h"
#include "config/sections.h"
#include "config/target_url.h"
#include "config/yaml_reader.h"

namespace lde::config::detail {
namespace {

bool HasControl(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Name -> line of the target that declared it: a lookup per target, so a
// config of 10,000 targets is not 50 million comparisons.
using NameLines = std::unordered_map<std::string, int>;

void ReadName(MapReader& map, NameLines& declared, TargetConfig& target) {
  auto name = map.String("name");
  if (!name) return;
  if (HasControl(*name)) {
    map.diag().Add(map.LineOf("name"), At(map.PathOf("name"), "must not contain control characters"));
    return;
  }
  if (auto [first, added] = declared.try_emplace(*name, target.line); !added) {
    map.diag().Add(map.LineOf("name"),
                   At(map.PathOf("name"), "duplicate target name \"" + *name + "\" (first declared on line " +
                                              std::to_string(first->second) + ")"));
  }
  target.name = *name;
}

void ReadUrl(MapReader& map, TargetConfig& target) {
  auto url = map.String("url");
  if (!url) return;
  auto parsed = ParseTargetUrl(*url);
  if (!parsed) {
    map.diag().Add(map.LineOf("url"),
                   At(map.PathOf("url"), "bad URL \"" + *url + "\": " + parsed.error().detail));
    return;
  }
  target.scheme = parsed.value().scheme;
  target.host = parsed.value().host;
  target.port = parsed.value().port;
  target.path = parsed.value().path;
}

}  // namespace

void ParseTargets(const YamlNode& node, int line, Config& out, Diagnostics& diag) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    diag.Add(LineOf(node, line), At("targets", "expected a list of targets, got " + KindName(node)));
    return;
  }
  // One allocation of the final size: grown by doubling, the array of
  // 10,000 targets kept room for 16,384 (1.9 MB) for as long as the config.
  out.targets.reserve(out.targets.size() + node.size());
  NameLines declared;
  for (const auto& target : out.targets) declared.try_emplace(target.name, target.line);
  for (std::size_t index = 0; index < node.size(); ++index) {
    const YamlNode item = node.Item(index);
    std::string path = "targets[" + std::to_string(index) + "]";
    MapReader map(item, path, LineOf(item, line),
                  {"name", "url", "resolver", "trust_stores", "server_name", "policy"}, diag);
    if (!map.is_map()) continue;
    if (item.IsNull()) {
      diag.Add(map.line(), At(path, "is empty"));
      continue;
    }
    map.Require("name");
    map.Require("url");
    TargetConfig target;
    target.line = map.line();
    ReadName(map, declared, target);
    ReadUrl(map, target);
    if (auto resolver = map.String("resolver")) {
      CheckResolver(*resolver, map.LineOf("resolver"), out, map.PathOf("resolver"), diag);
      target.resolver = *resolver;
    }
    target.trust_stores = ReadTrustStoreList(map, out);
    target.server_name = target.host;
    if (auto server_name = map.String("server_name")) {
      if (IsValidDnsName(*server_name)) {
        target.server_name = AsciiLowerCopy(*server_name);
        if (target.server_name.back() == '.') target.server_name.pop_back();  // RFC 6066 s3
      } else {
        diag.Add(map.LineOf("server_name"),
                 At(map.PathOf("server_name"), "invalid host name \"" + *server_name + "\""));
      }
    }
    if (auto policy = ReadPolicy(map, out)) target.policy = std::move(*policy);
    out.targets.push_back(std::move(target));
  }
}

}  // namespace lde::config::detail
