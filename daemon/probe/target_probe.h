#pragma once

#include "common/deadline.h"
#include "config/config.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Probes a plain tls:// or https:// target: resolve, then every A/AAAA
// address is its own endpoint (connect, handshake, judge, optional GET).
//
// success (blackbox meaning) = the name resolved and every endpoint
// completed its handshake, presented a chain trusted by at least one of the
// target's stores and valid for the expected name, and (https) answered with
// a status below 400.
model::ProbeResult ProbeTarget(const config::TargetConfig& target, const ProbeEnv& env,
                               const Deadline& deadline);

}  // namespace lde::probe
