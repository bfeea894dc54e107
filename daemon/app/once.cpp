#include "app/once.h"

#include <ostream>
#include <random>

#include "app/jobs.h"
#include "app/once_table.h"
#include "app/result_json.h"
#include "config/config_loader.h"
#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/scheduler.h"

namespace lde::app {

int CheckConfig(const Options& options, std::ostream& out, std::ostream& err) {
  auto loaded = config::LoadConfigFile(options.config_file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) err << e << "\n";
    return 2;
  }
  SystemClock clock;
  auto env = probe::BuildProbeEnv(loaded.config, clock, nullptr);
  if (!env.ok()) {
    err << options.config_file << ": " << env.error().detail << "\n";
    return 2;
  }
  out << options.config_file << ": ok (" << loaded.config->targets.size() << " targets, "
      << loaded.config->deployments.size() << " deployments)\n";
  return 0;
}

int RunOnce(const Options& options, Logger& log, std::ostream& out) {
  auto loaded = config::LoadConfigFile(options.config_file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) log.Error("invalid configuration", {{"error", e}});
    return 2;
  }
  SystemClock clock;
  auto env = probe::BuildProbeEnv(loaded.config, clock, &log);
  if (!env.ok()) {
    log.Error("invalid configuration", {{"error", env.error().detail}});
    return 2;
  }
  results::ResultStore store;
  schedule::Scheduler scheduler(clock, loaded.config->global.concurrency, [] { return 0.0; });
  scheduler.SetJobs(MakeJobs(env.value(), store));
  scheduler.RunOnceAll();

  auto snapshot = store.Take();
  if (options.output == OutputFormat::kJson) {
    out << ResultsToJson(snapshot.results);
  } else {
    out << RenderOnceTable(snapshot.results, clock.Now());
  }
  for (const auto& r : snapshot.results) {
    if (!r->success) return 1;
  }
  return 0;
}

}  // namespace lde::app
