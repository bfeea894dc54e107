#include "app/once.h"

#include <ostream>
#include <random>

#include "app/jobs.h"
#include "app/once_table.h"
#include "app/result_json.h"
#include "config/config_loader.h"
#include "config/web_config_loader.h"
#include "http/web_security.h"
#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/scheduler.h"

namespace lde::app {

namespace {

// --web.config.file as the daemon would load it, certificates and keys
// included. True when valid (or not given).
bool CheckWebConfig(const std::string& file, std::ostream& out, std::ostream& err) {
  if (file.empty()) return true;
  auto loaded = config::LoadWebConfigFile(file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) err << e << "\n";
    return false;
  }
  auto security = http::BuildWebSecurity(*loaded.config);
  if (!security.ok()) {
    err << file << ": " << security.error().detail << "\n";
    return false;
  }
  out << file << ": ok (" << (loaded.config->tls ? "TLS" : "plain HTTP") << ", "
      << loaded.config->basic_auth_users.size() << " basic auth users)\n";
  return true;
}

}  // namespace

int CheckConfig(const Options& options, std::ostream& out, std::ostream& err) {
  bool ok = true;
  auto loaded = config::LoadConfigFile(options.config_file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) err << e << "\n";
    ok = false;
  } else {
    SystemClock clock;
    auto env = probe::BuildProbeEnv(loaded.config, clock, nullptr);
    if (!env.ok()) {
      err << options.config_file << ": " << env.error().detail << "\n";
      ok = false;
    } else {
      out << options.config_file << ": ok (" << loaded.config->targets.size() << " targets, "
          << loaded.config->deployments.size() << " deployments)\n";
    }
  }
  ok = CheckWebConfig(options.web_config_file, out, err) && ok;
  return ok ? 0 : 2;
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
  schedule::Scheduler scheduler(
      clock, loaded.config->global.concurrency, [] { return 0.0; }, &log);
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
