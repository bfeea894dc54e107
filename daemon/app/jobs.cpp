#include "app/jobs.h"

#include "probe/probe_log.h"

namespace lde::app {

std::vector<schedule::Job> MakeJobs(const std::shared_ptr<const probe::ProbeEnv>& env,
                                    results::ResultStore& store) {
  std::vector<schedule::Job> jobs;
  for (auto& planned : probe::PlanProbes(env)) {
    schedule::Job job;
    job.target = planned.target;
    job.interval = env->config->global.interval;
    job.timeout = planned.timeout;
    job.run = [run = std::move(planned.run), &store, log = env->log](const Deadline& deadline) {
      auto result = std::make_shared<const model::ProbeResult>(run(deadline));
      store.Put(result);
      // After the Put: whoever reads this line finds the result on /metrics.
      if (log) probe::LogProbeFinished(*log, *result);
    };
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace lde::app
