#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/deadline.h"
#include "common/result.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// One scheduled unit of work: a plain target or a Lync deployment.
struct PlannedProbe {
  std::string target;
  Duration timeout{};  // the whole probe's budget (a deployment: per network)
  std::function<model::ProbeResult(const Deadline&)> run;
};

// Loads every trust store and builds the resolver views of a validated
// config. Fails (keeping the caller's old env) when a CA file holds no
// usable certificate.
Result<std::shared_ptr<const ProbeEnv>> BuildProbeEnv(std::shared_ptr<const config::Config> config,
                                                      const Clock& clock, Logger* log);

// Every target and deployment of the env's config, in config order.
std::vector<PlannedProbe> PlanProbes(const std::shared_ptr<const ProbeEnv>& env);

// The planned probe of the target or deployment named `name` (its
// configured name, exactly), or nullopt when the config has none.
std::optional<PlannedProbe> PlanProbe(const std::shared_ptr<const ProbeEnv>& env, std::string_view name);

}  // namespace lde::probe
