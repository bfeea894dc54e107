// Input: configuration YAML text. ParseConfigText must never crash or throw
// (an escaping exception aborts the fuzzer), must explain every rejection,
// and a config it accepts must hold the invariants config_loader.h promises.
// Relative ca_files resolve against tests/data/config, so the seed
// valid-full.yaml (which names corp-root.pem) loads.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.h"

namespace {

using lde::config::Config;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

bool StoresExist(const Config& config, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (config.FindTrustStore(name) == nullptr) return false;
  }
  return true;
}

bool ResolverExists(const Config& config, const std::string& name) {
  return name.empty() || config.FindResolver(name) != nullptr;
}

void CheckAccepted(const Config& config) {
  const auto& g = config.global;
  Check(g.interval > lde::Duration::zero());
  Check(g.timeout > lde::Duration::zero() && g.timeout <= g.interval);
  Check(g.concurrency >= 1 && g.concurrency <= 4096);
  Check(g.max_body_bytes >= 1 && g.max_body_bytes <= (std::size_t{64} << 20));
  Check(g.max_addresses_per_name >= 1 && g.max_addresses_per_name <= 256);
  // An empty file (no YAML document) skips the implied "public" store; with
  // nothing to probe that is harmless, so only require stores when used.
  Check(!config.trust_stores.empty() ||
        (config.targets.empty() && config.profiles.empty() && config.deployments.empty()));
  for (const auto& store : config.trust_stores) {
    Check(!store.name.empty());
    Check(store.system || !store.ca_files.empty());
    for (const auto& file : store.ca_files) Check(!file.empty() && file.front() == '/');
  }
  for (const auto& resolver : config.resolvers) Check(!resolver.name.empty() && resolver.name != "system");
  for (const auto& target : config.targets) {
    Check(!target.name.empty() && !target.host.empty() && target.port != 0);
    Check(!target.server_name.empty() && target.server_name.back() != '.');
    Check(StoresExist(config, target.trust_stores));
    Check(ResolverExists(config, target.resolver));
  }
  for (const auto& profile : config.profiles) Check(StoresExist(config, profile.trust_stores));
  for (const auto& deployment : config.deployments) {
    Check(!deployment.domain.empty() && !deployment.name.empty());
    Check(StoresExist(config, deployment.trust_stores));
    for (const auto& name : deployment.profiles) Check(config.FindProfile(name) != nullptr);
    for (const auto* network : {&deployment.internal, &deployment.external}) {
      if (network->enabled) Check(ResolverExists(config, network->resolver) && network->port != 0);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = lde::config::ParseConfigText(text, "fuzz.yaml", LDE_FUZZ_CONFIG_DIR);
  if (result.ok()) {
    Check(result.config != nullptr);
    CheckAccepted(*result.config);
  } else {
    // "null unless ok()", and a rejection always says why, with the source.
    Check(result.config == nullptr);
    Check(!result.errors.empty());
  }
  for (const auto& error : result.errors) Check(error.rfind("fuzz.yaml", 0) == 0);
  return 0;
}
