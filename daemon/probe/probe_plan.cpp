#include "probe/probe_plan.h"

#include "probe/lync_probe.h"
#include "probe/target_probe.h"

namespace lde::probe {

Result<std::shared_ptr<const ProbeEnv>> BuildProbeEnv(std::shared_ptr<const config::Config> config,
                                                      const Clock& clock, Logger* log) {
  auto env = std::make_shared<ProbeEnv>();
  for (const auto& store_config : config->trust_stores) {
    auto store = x509::TrustStore::Load(store_config);
    if (!store.ok()) {
      return MakeError(ErrorKind::kConfig,
                       "trust store '" + store_config.name + "': " + store.error().detail);
    }
    env->stores[store_config.name] = std::move(store).value();
  }
  env->resolvers = std::make_shared<const dns::ResolverSet>(dns::ResolverSet::FromConfig(*config));
  env->issuers = std::make_shared<FetchCache>();
  env->crls = std::make_shared<FetchCache>();
  env->ocsp = std::make_shared<FetchCache>();
  env->config = std::move(config);
  env->clock = &clock;
  env->log = log;
  return std::shared_ptr<const ProbeEnv>(std::move(env));
}

std::vector<PlannedProbe> PlanProbes(const std::shared_ptr<const ProbeEnv>& env) {
  std::vector<PlannedProbe> plan;
  const auto& config = *env->config;
  for (const auto& target : config.targets) {
    plan.push_back(PlannedProbe{target.name, config.global.timeout,
                                [env, &target](const Deadline& d) { return ProbeTarget(target, *env, d); }});
  }
  for (const auto& deployment : config.deployments) {
    int networks = (deployment.internal.enabled ? 1 : 0) + (deployment.external.enabled ? 1 : 0);
    plan.push_back(
        PlannedProbe{deployment.name, config.global.timeout * std::max(networks, 1),
                     [env, &deployment](const Deadline& d) { return ProbeDeployment(deployment, *env, d); }});
  }
  return plan;
}

std::optional<PlannedProbe> PlanProbe(const std::shared_ptr<const ProbeEnv>& env, std::string_view name) {
  for (auto& planned : PlanProbes(env)) {
    if (planned.target == name) return std::move(planned);
  }
  return std::nullopt;
}

}  // namespace lde::probe
