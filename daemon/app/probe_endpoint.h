#pragma once

#include <chrono>
#include <memory>

#include "app/probe_query.h"
#include "common/clock.h"
#include "common/log.h"
#include "http/request.h"
#include "http/response.h"
#include "probe/probe_env.h"
#include "results/result_store.h"
#include "schedule/flight_table.h"
#include "schedule/on_demand_runner.h"

namespace lde::app {

// /probe runs at once, on lanes of their own (OnDemandRunner).
inline constexpr int kProbeLanes = 4;
// A request waits at most its target's timeout plus this, then gets 504:
// a probe ends within its timeout, and this covers a lane's start and the
// rendering (the fault matrix holds every probe to timeout + 0.5 s).
inline constexpr std::chrono::seconds kProbeWaitMargin{1};

// GET /probe?target=NAME[&debug=true]: runs one configured target or
// deployment now and answers its series only, in the format of /metrics
// (the blackbox_exporter multi-target pattern).
//
// - Single flight: requests for a target that is running already, scheduled
//   or requested, wait for that run and get its result.
// - The result is stored as the target's latest (it is the newest), so
//   /metrics and /status never show older data than /probe just did.
// - Bounded: kProbeLanes runs at once (503 beyond, at once); a request waits
//   at most its timeout + kProbeWaitMargin (then 504; the run goes on and is
//   stored).
// Thread-safe. Everything passed in must outlive the endpoint.
class ProbeEndpoint {
 public:
  ProbeEndpoint(const Clock& clock, results::ResultStore& store, schedule::FlightTable& flights, Logger& log,
                int lanes = kProbeLanes);

  // Answers `request` from `env`, the configuration in effect when it
  // arrived (null before the first one: 503). A reload during the run does
  // not touch it: the run keeps its env.
  http::HttpResponse Answer(const http::HttpRequest& request,
                            const std::shared_ptr<const probe::ProbeEnv>& env);

  // Answers every waiting and later request with 503 and joins the lanes
  // once their runs return. Idempotent.
  void Stop() { runner_.Stop(); }

 private:
  const Clock& clock_;
  results::ResultStore& store_;
  Logger& log_;
  schedule::OnDemandRunner runner_;
};

// The 200 answer for a landed result: its series, or with `debug` its log
// lines then its series (text/plain, as blackbox's debug output). Pure.
// `vantage`: the instance's, appended to every series when not empty.
http::HttpResponse ProbeResultResponse(const model::ProbeResult& result, bool debug,
                                       std::string_view vantage = {});

}  // namespace lde::app
