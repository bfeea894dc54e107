#include "app/jobs.h"

namespace lde::app {

std::vector<schedule::Job> MakeJobs(const std::shared_ptr<const probe::ProbeEnv>& env,
                                    results::ResultStore& store) {
  std::vector<schedule::Job> jobs;
  for (auto& planned : probe::PlanProbes(env)) {
    schedule::Job job;
    job.target = planned.target;
    job.interval = env->config->global.interval;
    job.timeout = planned.timeout;
    job.run = [run = std::move(planned.run), &store](const Deadline& deadline) {
      store.Put(std::make_shared<const model::ProbeResult>(run(deadline)));
    };
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace lde::app
