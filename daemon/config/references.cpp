#include "config/references.h"

namespace lde::config::detail {
namespace {

template <typename T>
std::vector<std::string> NamesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  names.reserve(items.size());
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

std::vector<std::string> KnownNames(RefKind kind, const Config& config) {
  switch (kind) {
    case RefKind::kTrustStore:
      return NamesOf(config.trust_stores);
    case RefKind::kResolver:
      return NamesOf(config.resolvers);
    case RefKind::kProfile:
      return NamesOf(config.profiles);
  }
  return {};
}

std::string_view KindText(RefKind kind) {
  switch (kind) {
    case RefKind::kTrustStore:
      return "trust store";
    case RefKind::kResolver:
      return "resolver";
    case RefKind::kProfile:
      return "profile";
  }
  return "name";
}

std::string Defined(const std::vector<std::string>& known) {
  if (known.empty()) return " (none are defined)";
  std::string out = " (defined: ";
  for (std::size_t i = 0; i < known.size(); ++i) out += (i ? ", " : "") + known[i];
  return out + ")";
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const auto& n : names) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace

bool IsValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> DefaultTrustStores(const Config& config) {
  if (config.FindTrustStore("public") != nullptr) return {"public"};
  return NamesOf(config.trust_stores);
}

std::vector<std::string> CheckReferences(const std::vector<LocatedString>& names, RefKind kind,
                                         const Config& config, const std::string& path, Diagnostics& diag) {
  std::vector<std::string> known = KnownNames(kind, config);
  std::vector<std::string> out;
  for (const auto& name : names) {
    std::string quoted = "\"" + name.value + "\"";
    if (!Contains(known, name.value)) {
      diag.Add(name.line, At(path, "unknown " + std::string(KindText(kind)) + " " + quoted + Defined(known)));
    } else if (Contains(out, name.value)) {
      diag.Add(name.line, At(path, quoted + " is listed twice"));
    }
    out.push_back(name.value);
  }
  return out;
}

void CheckResolver(const std::string& name, int line, const Config& config, const std::string& path,
                   Diagnostics& diag) {
  if (config.FindResolver(name) == nullptr) {
    diag.Add(line,
             At(path, "unknown resolver \"" + name + "\"" + Defined(KnownNames(RefKind::kResolver, config))));
  }
}

std::vector<std::string> ReadTrustStoreList(MapReader& map, const Config& config) {
  auto stores = map.StringList("trust_stores");
  if (!stores) {
    return map.Has("trust_stores") ? std::vector<std::string>{} : DefaultTrustStores(config);
  }
  if (stores->empty()) {
    map.diag().Add(map.LineOf("trust_stores"),
                   At(map.PathOf("trust_stores"), "must name at least one trust store"));
  }
  return CheckReferences(*stores, RefKind::kTrustStore, config, map.PathOf("trust_stores"), map.diag());
}

std::optional<PolicyConfig> ReadPolicy(MapReader& map, const Config& config) {
  auto name = map.String("policy");
  if (!name) {
    if (map.Has("policy")) return std::nullopt;  // reported by the reader
    return config.FindPolicy(std::string(kDefaultPolicyName));
  }
  auto policy = config.FindPolicy(*name);
  if (!policy) {
    map.diag().Add(
        map.LineOf("policy"),
        At(map.PathOf("policy"),
           "unknown policy \"" + *name + "\" (declare it under `policies`, or use \"default\" or \"none\")"));
  }
  return policy;
}

}  // namespace lde::config::detail
