#include "config/instance.h"

#include <Poco/MD5Engine.h>

#include <algorithm>
#include <charconv>

#include "config/config.h"
#include "model/vocabulary.h"

namespace lde::config {
namespace {

bool VantageChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// A whole decimal number, or nullopt.
std::optional<int> WholeNumber(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string VantageProblem(std::string_view name) {
  if (name.empty()) return "must not be empty";
  if (name.size() > kMaxVantageBytes) {
    return "is " + std::to_string(name.size()) + " bytes long; at most " + std::to_string(kMaxVantageBytes);
  }
  if (!std::all_of(name.begin(), name.end(), VantageChar)) {
    return "may hold only letters, digits, '_', '.' and '-'";
  }
  return "";
}

Result<Shard> ParseShard(std::string_view text) {
  const std::size_t slash = text.find('/');
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorKind::kConfig, why + ", got \"" + std::string(text) + "\"");
  };
  if (slash == std::string_view::npos) return bad("expected I/N, as 1/3");
  auto index = WholeNumber(text.substr(0, slash));
  auto count = WholeNumber(text.substr(slash + 1));
  if (!index || !count) return bad("expected I/N with whole numbers, as 1/3");
  if (*count < 1 || *count > kMaxShards) return bad("N must be between 1 and " + std::to_string(kMaxShards));
  if (*index < 1 || *index > *count) return bad("I must be between 1 and N");
  return Shard{*index, *count};
}

std::string FormatShard(const Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

Result<Networks> ParseNetworks(const std::vector<std::string>& names) {
  if (names.empty()) return MakeError(ErrorKind::kConfig, "name at least one of internal, external");
  Networks out{false, false};
  const std::string_view internal = model::NetworkName(model::Network::kInternal);
  const std::string_view external = model::NetworkName(model::Network::kExternal);
  for (const std::string& name : names) {
    bool* flag = name == internal ? &out.internal : name == external ? &out.external : nullptr;
    if (flag == nullptr) {
      return MakeError(ErrorKind::kConfig, "unknown network \"" + name + "\"; expected " +
                                               std::string(internal) + " or " + std::string(external));
    }
    if (*flag) return MakeError(ErrorKind::kConfig, "\"" + name + "\" is listed twice");
    *flag = true;
  }
  return out;
}

std::string FormatNetworks(const Networks& networks) {
  std::string out;
  if (networks.internal) out += model::NetworkName(model::Network::kInternal);
  if (networks.external) {
    if (!out.empty()) out += ",";
    out += model::NetworkName(model::Network::kExternal);
  }
  return out;
}

std::size_t ShardOf(std::string_view name, int count) {
  Poco::MD5Engine md5;
  md5.update(name.data(), static_cast<unsigned>(name.size()));
  const Poco::DigestEngine::Digest& digest = md5.digest();
  std::uint64_t tail = 0;
  for (std::size_t i = 8; i < 16; ++i) tail = (tail << 8) | digest[i];
  return static_cast<std::size_t>(tail % static_cast<std::uint64_t>(std::max(count, 1)));
}

Selection SelectForInstance(Config& config, const InstanceOverrides& overrides) {
  InstanceConfig& instance = config.global.instance;
  if (overrides.vantage) instance.vantage = *overrides.vantage;
  if (overrides.shard) instance.shard = *overrides.shard;
  if (overrides.networks) instance.networks = *overrides.networks;

  Selection selection;
  const Shard shard = instance.shard;
  auto elsewhere = [&](const std::string& name) {
    const bool other =
        shard.count > 1 && ShardOf(name, shard.count) != static_cast<std::size_t>(shard.index - 1);
    if (other) ++selection.other_shard;
    return other;
  };
  std::erase_if(config.targets, [&](const TargetConfig& target) { return elsewhere(target.name); });
  std::erase_if(config.deployments,
                [&](const DeploymentConfig& deployment) { return elsewhere(deployment.name); });
  // Narrowed first, then removed: remove_if's predicate must not change
  // the elements it tests.
  for (DeploymentConfig& deployment : config.deployments) {
    deployment.internal.enabled = deployment.internal.enabled && instance.networks.internal;
    deployment.external.enabled = deployment.external.enabled && instance.networks.external;
  }
  std::erase_if(config.deployments, [&](const DeploymentConfig& deployment) {
    const bool unreachable = !deployment.internal.enabled && !deployment.external.enabled;
    if (unreachable) ++selection.network_excluded;
    return unreachable;
  });
  selection.probed = config.targets.size() + config.deployments.size();
  return selection;
}

}  // namespace lde::config
