#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/diagnostics.h"
#include "config/yaml_reader.h"

namespace lde::config::detail {

// Names of trust stores, resolvers and profiles: they appear in metric labels
// and in references, so they are kept to [A-Za-z0-9_.-].
bool IsValidName(std::string_view name);

// The trust stores judged when a target, profile or deployment names none:
// ["public"] if a store of that name exists, otherwise every store in
// declaration order.
std::vector<std::string> DefaultTrustStores(const Config& config);

enum class RefKind { kTrustStore, kResolver, kProfile };

// Checks each name in `names` against the config, reporting unknown names and
// names listed twice; returns the names in order.
std::vector<std::string> CheckReferences(const std::vector<LocatedString>& names, RefKind kind,
                                         const Config& config, const std::string& path, Diagnostics& diag);

// Reports `name` if no resolver of that name is configured.
void CheckResolver(const std::string& name, int line, const Config& config, const std::string& path,
                   Diagnostics& diag);

// Reads `trust_stores` from a target or deployment: the listed names
// (checked, at least one), or DefaultTrustStores when the key is absent.
std::vector<std::string> ReadTrustStoreList(MapReader& map, const Config& config);

// Reads `policy` from a profile or target: the named policy (declared or
// built-in), the default policy when the key is absent, nullopt (reported)
// for an unknown name.
std::optional<PolicyConfig> ReadPolicy(MapReader& map, const Config& config);

}  // namespace lde::config::detail
