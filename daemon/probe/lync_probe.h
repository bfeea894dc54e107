#pragma once

#include "common/deadline.h"
#include "config/config.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Probes a Lync / Skype for Business deployment on each configured network
// (each network gets at most global.timeout of `deadline`), then judges the
// observations once per device profile. Then reports, per endpoint, the
// names its certificate must carry for every SIP domain of the deployment
// and lacks (JudgeCertificateNames); those never change a verdict.
//
// success = every profile that validates certificates is ready on every
// configured network (all profiles, when none validates).
model::ProbeResult ProbeDeployment(const config::DeploymentConfig& deployment, const ProbeEnv& env,
                                   const Deadline& deadline);

}  // namespace lde::probe
