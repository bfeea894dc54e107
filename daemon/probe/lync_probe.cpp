#include "probe/lync_probe.h"

#include <algorithm>
#include <chrono>

#include "common/utf8.h"
#include "model/budgets.h"
#include "probe/cert_policy.h"
#include "probe/lync_cert_names.h"
#include "probe/lync_flow.h"
#include "probe/lync_verdict.h"
#include "probe/probe_log.h"

namespace lde::probe {
namespace {

// Every endpoint is judged against the deployment's stores and every store a
// profile names, so each profile finds its own verdicts on every chain.
StoreList JudgedStores(const config::DeploymentConfig& deployment,
                       const std::vector<const config::ProfileConfig*>& profiles, const ProbeEnv& env) {
  std::vector<std::string> names = deployment.trust_stores;
  for (const auto* profile : profiles) {
    for (const auto& store : profile->trust_stores) {
      if (std::find(names.begin(), names.end(), store) == names.end()) names.push_back(store);
    }
  }
  return env.Stores(names);
}

// Every violation of every distinct policy the certificate-validating
// profiles use, on every endpoint with a chain, judged for the name the
// endpoint was dialled by: the verdicts stop at a profile's first one, the
// metrics show them all.
void RecordPolicyViolations(const std::vector<const config::ProfileConfig*>& profiles,
                            std::vector<model::EndpointReport>& endpoints) {
  std::vector<const config::PolicyConfig*> policies;
  for (const auto* profile : profiles) {
    if (!profile->validate_certificates) continue;
    bool seen = std::any_of(policies.begin(), policies.end(),
                            [&](const auto* p) { return p->name == profile->policy.name; });
    if (!seen) policies.push_back(&profile->policy);
  }
  for (auto& endpoint : endpoints) {
    for (const auto* policy : policies) {
      auto found = EvaluatePolicy(*policy, endpoint, endpoint.endpoint.host);
      endpoint.policy_violations.insert(endpoint.policy_violations.end(), found.begin(), found.end());
    }
  }
}

// One line per endpoint whose certificate lacks required names, for /status
// and the debug log (the names are also lyncdiscover_cert_san_missing).
void NoteMissingNames(const ProbeEnv& env, const model::ProbeResult& result, ProbeLog& log) {
  for (const auto& e : result.endpoints) {
    if (!e.san || e.san->missing.empty()) continue;
    std::string missing;
    for (const auto& name : e.san->missing) missing += (missing.empty() ? "" : ",") + name;
    log.Note(env, result.target, "certificate lacks required names",
             {{"network", std::string(model::NetworkName(e.network))},
              {"role", std::string(model::RoleName(e.role))},
              {"endpoint", e.endpoint.Name()},
              {"address", e.endpoint.address},
              {"judged_as", std::string(model::RoleName(e.san->judged_as))},
              {"missing", TruncateUtf8(missing, model::budget::kFailureDetailBytes.value)}});
  }
}

}  // namespace

model::ProbeResult ProbeDeployment(const config::DeploymentConfig& deployment, const ProbeEnv& env,
                                   const Deadline& deadline) {
  model::ProbeResult result;
  result.target = deployment.name;
  result.kind = "lync";
  result.started = env.clock->Now();
  const SteadyTime start = deadline.Now();
  ProbeLog log(result);

  std::vector<const config::ProfileConfig*> profiles;
  for (const auto& name : deployment.profiles) {
    if (const auto* profile = env.config->FindProfile(name)) profiles.push_back(profile);
  }
  StoreList stores = JudgedStores(deployment, profiles, env);

  for (model::Network network : {model::Network::kInternal, model::Network::kExternal}) {
    const auto& net = network == model::Network::kInternal ? deployment.internal : deployment.external;
    if (!net.enabled) continue;
    Deadline network_deadline = deadline.Earliest(env.config->global.timeout);
    NetworkObservation observation =
        ObserveNetwork(deployment, network, stores, env, network_deadline, result);
    for (const auto* profile : profiles) {
      auto verdict = JudgeProfile(observation, result.endpoints, *profile);
      if (verdict.failure) {
        log.Note(
            env, result.target, "profile not ready",
            {{"network", std::string(model::NetworkName(network))},
             {"profile", profile->name},
             {"ready", "false"},
             {"step", std::string(model::StepName(verdict.failure->step))},
             {"reason", std::string(model::ReasonName(verdict.failure->reason))},
             {"detail", TruncateUtf8(verdict.failure->detail, model::budget::kFailureDetailBytes.value)}});
      }
      observation.report.verdicts.push_back(std::move(verdict));
    }
    result.networks.push_back(std::move(observation.report));
  }
  // After the walks: which names each certificate lacks is reported for
  // every SIP domain of the deployment, and judges no profile.
  JudgeCertificateNames(deployment, result);
  NoteMissingNames(env, result, log);

  RecordPolicyViolations(profiles, result.endpoints);

  bool any_validating =
      std::any_of(profiles.begin(), profiles.end(), [](const auto* p) { return p->validate_certificates; });
  result.success = !result.networks.empty();
  for (const auto& network : result.networks) {
    for (std::size_t i = 0; i < network.verdicts.size(); ++i) {
      bool counts = !any_validating || profiles[i]->validate_certificates;
      if (counts && !network.verdicts[i].ready) result.success = false;
    }
  }
  result.duration = deadline.Now() - start;
  return result;
}

}  // namespace lde::probe
