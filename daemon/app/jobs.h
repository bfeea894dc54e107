#pragma once

#include <memory>
#include <vector>

#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/scheduler.h"

namespace lde::app {

// One scheduler job per planned probe; each run stores its result.
std::vector<schedule::Job> MakeJobs(const std::shared_ptr<const probe::ProbeEnv>& env,
                                    results::ResultStore& store);

}  // namespace lde::app
