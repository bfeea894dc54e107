#include "app/jobs.h"

#include "probe/probe_log.h"
#include "results/held_result.h"
#include "results/leaf_history.h"

namespace lde::app {

schedule::ResultPtr RunAndStore(const std::function<model::ProbeResult(const Deadline&)>& run,
                                const Deadline& deadline, results::ResultStore& store, Logger* log) {
  model::ProbeResult finished = run(deadline);
  // Runs of one target never overlap (one flight per target), so the latest
  // is the run before this one.
  results::CarryLeafSince(store.Latest(finished.target).get(), finished);
  // Held until the next run of the target: only what is served (see held_result.h).
  results::DropUnservedBytes(finished);
  auto result = std::make_shared<const model::ProbeResult>(std::move(finished));
  store.Put(result);
  if (log) probe::LogProbeFinished(*log, *result);
  return result;
}

std::vector<schedule::Job> MakeJobs(const std::shared_ptr<const probe::ProbeEnv>& env,
                                    results::ResultStore& store, schedule::FlightTable* flights) {
  std::vector<schedule::Job> jobs;
  for (auto& planned : probe::PlanProbes(env)) {
    schedule::Job job;
    job.target = planned.target;
    job.interval = env->config->global.interval;
    job.timeout = planned.timeout;
    job.run = [run = std::move(planned.run), target = planned.target, &store, flights,
               log = env->log](const Deadline& deadline) {
      if (!flights) {
        RunAndStore(run, deadline, store, log);
        return;
      }
      auto flight = flights->TryStart(target);
      if (!flight) {
        if (log) {
          log->Debug("scheduled run not started: a /probe run of the target is under way",
                     {{"target", target}});
        }
        return;
      }
      schedule::LandingGuard landing(*flights, target, std::move(flight));
      landing.Land(RunAndStore(run, deadline, store, log));
    };
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace lde::app
