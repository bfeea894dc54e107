#pragma once

// What one instance of the exporter takes on when several share a
// configuration (issue 12): its vantage point, its shard of the names, and
// the Lync networks it can reach. Set by `global.vantage`, `global.shard` and
// `global.networks`, or by the --vantage, --shard and --networks flags, which
// win (so every instance may read the same file). Pure.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lde::config {

struct Config;

// Shard `index` of `count` (1-based): the names whose ShardOf is index - 1.
struct Shard {
  int index = 1;
  int count = 1;
  bool operator==(const Shard&) const = default;
};

inline constexpr int kMaxShards = 1024;
inline constexpr std::size_t kMaxVantageBytes = 64;

// The Lync networks an instance probes.
struct Networks {
  bool internal = true;
  bool external = true;
  bool operator==(const Networks&) const = default;
};

struct InstanceConfig {
  std::string vantage;  // "" = no vantage label
  Shard shard;          // 1/1 = every name
  Networks networks;
  bool operator==(const InstanceConfig&) const = default;
};

// The flags' values; each set one replaces the file's.
struct InstanceOverrides {
  std::optional<std::string> vantage = std::nullopt;
  std::optional<Shard> shard = std::nullopt;
  std::optional<Networks> networks = std::nullopt;
};

// "" when `name` is a usable vantage (1 to 64 of A-Z a-z 0-9 _ . -: it is a
// label value operators type into PromQL and dashboards), else why not.
std::string VantageProblem(std::string_view name);

// "I/N" with 1 <= I <= N <= kMaxShards.
Result<Shard> ParseShard(std::string_view text);
std::string FormatShard(const Shard& shard);

// Network names as model::NetworkName spells them ("internal", "external"),
// each at most once, at least one.
Result<Networks> ParseNetworks(const std::vector<std::string>& names);
// "internal,external", "internal" or "external".
std::string FormatNetworks(const Networks& networks);

// The 0-based shard of `name` among `count`: the big-endian integer of bytes
// 8 to 15 of MD5(name), modulo count. This is Prometheus' `hashmod`
// relabelling, so `--shard=I/N` splits names exactly as a `hashmod` rule with
// modulus N on the same name keeps value I-1: an estate can move between
// scheduled shards and /probe shards without reassigning a name. It depends on
// nothing but the name and the count, so a reload moves no unchanged name.
std::size_t ShardOf(std::string_view name, int count);

// How a configuration's targets and deployments fell to this instance.
struct Selection {
  std::size_t probed = 0;            // kept
  std::size_t other_shard = 0;       // left to another shard
  std::size_t network_excluded = 0;  // a deployment with none of its networks probed here
};

// Applies `overrides` to `config.global.instance`, then removes what this
// instance does not probe: names of other shards, and the networks it does
// not reach from each deployment (a deployment left with none goes too).
Selection SelectForInstance(Config& config, const InstanceOverrides& overrides);

}  // namespace lde::config
