#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/probe_result.h"

namespace lde::app {

// The human-readable --once report: one row per endpoint (days left, trust
// per store with reason, hostname, chain), then for Lync deployments the
// readiness matrix network x profile with the failing step and reason.
std::string RenderOnceTable(const std::vector<std::shared_ptr<const model::ProbeResult>>& results,
                            SysTime now);

}  // namespace lde::app
