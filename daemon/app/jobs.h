#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/deadline.h"
#include "common/log.h"
#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/flight_table.h"
#include "schedule/scheduler.h"

namespace lde::app {

// Runs one probe, stores its result, then logs "probe finished" (after the
// Put: whoever reads that line finds the result on /metrics). The one way a
// run ends, scheduled or requested through GET /probe.
schedule::ResultPtr RunAndStore(const std::function<model::ProbeResult(const Deadline&)>& run,
                                const Deadline& deadline, results::ResultStore& store, Logger* log);

// One scheduler job per planned probe; each run stores its result. With
// `flights`, each run registers there, so a GET /probe for its target joins
// it; a run that comes due while a /probe run of its target is going does
// not start (that run's result is stored in its place).
std::vector<schedule::Job> MakeJobs(const std::shared_ptr<const probe::ProbeEnv>& env,
                                    results::ResultStore& store, schedule::FlightTable* flights = nullptr);

}  // namespace lde::app
