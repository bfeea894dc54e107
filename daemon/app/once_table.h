#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/probe_result.h"

namespace lde::app {

// The human-readable --once report: one row per endpoint (days left, trust
// per store with reason, hostname, chain, result), then for Lync deployments
// the readiness matrix network x profile with the failing step and reason.
// RESULT is "FAIL step:reason" where the probe failed (for a plain target
// that includes trust by no store, the name and the policy); a Lync
// endpoint, whose certificate each profile judges, is "ok" only when every
// judged store trusts it, its name matches and it meets every policy, else
// "WARN" and what some phone could reject (the matrix says which profiles). `width` > 0 fits each table to
// that many columns, trimming the widest cells with a trailing "~"; 0 never trims.
std::string RenderOnceTable(const std::vector<std::shared_ptr<const model::ProbeResult>>& results,
                            SysTime now, std::size_t width = 0);

// The RESULT cell of one endpoint row: "ok", "FAIL step:reason" or "WARN"
// and what some phone could reject (see RenderOnceTable); the status page
// shows the same words.
std::string EndpointResult(const model::EndpointReport& e);

}  // namespace lde::app
