#include "config/duration.h"
#include "config/sections.h"
#include "config/yaml_reader.h"
#include "model/budgets.h"

namespace lde::config::detail {
namespace {

using model::budget::kAddressesPerName;
using model::budget::kBodyBytes;

// A positive duration from `key`, or nullopt (reported) if bad.
std::optional<Duration> PositiveDuration(MapReader& map, std::string_view key, bool* ok) {
  if (!map.Has(key)) return std::nullopt;
  auto value = map.DurationValue(key);
  if (value && *value <= Duration::zero()) {
    map.diag().Add(map.LineOf(key), At(map.PathOf(key), "must be greater than zero"));
    value.reset();
  }
  if (!value) *ok = false;
  return value;
}

// vantage, shard and networks: what this instance takes on (instance.h).
void ParseInstance(MapReader& map, InstanceConfig& out) {
  if (auto vantage = map.String("vantage")) {
    if (std::string problem = VantageProblem(*vantage); !problem.empty()) {
      map.diag().Add(map.LineOf("vantage"), At(map.PathOf("vantage"), problem));
    } else {
      out.vantage = *vantage;
    }
  }
  if (auto shard = map.String("shard")) {
    auto parsed = ParseShard(*shard);
    if (parsed.ok()) {
      out.shard = parsed.value();
    } else {
      map.diag().Add(map.LineOf("shard"), At(map.PathOf("shard"), parsed.error().detail));
    }
  }
  if (auto list = map.StringList("networks")) {
    std::vector<std::string> names;
    for (const LocatedString& name : *list) names.push_back(name.value);
    auto parsed = ParseNetworks(names);
    if (parsed.ok()) {
      out.networks = parsed.value();
    } else {
      map.diag().Add(map.LineOf("networks"), At(map.PathOf("networks"), parsed.error().detail));
    }
  }
}

}  // namespace

void ParseGlobal(const YamlNode& node, int line, GlobalConfig& out, Diagnostics& diag) {
  MapReader map(node, "global", line,
                {"interval", "timeout", "concurrency", "max_body_bytes", "max_addresses_per_name", "vantage",
                 "shard", "networks"},
                diag);
  bool durations_ok = true;
  if (auto v = PositiveDuration(map, "interval", &durations_ok)) out.interval = *v;
  if (auto v = PositiveDuration(map, "timeout", &durations_ok)) out.timeout = *v;
  if (auto v = map.Integer("concurrency", 1, 4096)) out.concurrency = static_cast<int>(*v);
  // Discovery documents are a few kilobytes; the upper bound only stops a
  // typo from letting a misbehaving server fill memory.
  if (auto v = map.Integer("max_body_bytes", kBodyBytes.min, kBodyBytes.max)) {
    out.max_body_bytes = static_cast<std::size_t>(*v);
  }
  if (auto v = map.Integer("max_addresses_per_name", kAddressesPerName.min, kAddressesPerName.max)) {
    out.max_addresses_per_name = static_cast<std::size_t>(*v);
  }
  ParseInstance(map, out.instance);
  // A probe must end before the next run of the same target is due.
  if (durations_ok && out.timeout > out.interval) {
    int at = map.Has("timeout") ? map.LineOf("timeout") : map.LineOf("interval");
    diag.Add(at, "global.timeout (" + FormatDuration(out.timeout) +
                     ") must not be longer than global.interval (" + FormatDuration(out.interval) + ")");
  }
}

}  // namespace lde::config::detail
