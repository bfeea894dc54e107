#include "app/once.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <set>
#include <string>

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

// The jobs --target names, or every job when none is named; nullopt (each
// unknown name reported) when a name is not configured: a typo must not
// probe nothing and exit 0.
std::optional<std::vector<schedule::Job>> SelectJobs(std::vector<schedule::Job> jobs,
                                                     const std::vector<std::string>& names, Logger& log) {
  if (names.empty()) return jobs;
  std::vector<schedule::Job> chosen;
  bool ok = true;
  for (const auto& name : names) {
    auto it = std::find_if(jobs.begin(), jobs.end(), [&](const auto& job) { return job.target == name; });
    if (it == jobs.end()) {
      if (std::none_of(chosen.begin(), chosen.end(), [&](const auto& job) { return job.target == name; })) {
        log.Error("unknown target: no target or deployment has this name", {{"target", name}});
        ok = false;
      }
      continue;
    }
    chosen.push_back(std::move(*it));
    jobs.erase(it);
  }
  if (!ok) return std::nullopt;
  return chosen;
}

// Columns of the terminal the table goes to; 0 (no limit) when stdout is not
// a terminal or for --output=wide. COLUMNS wins, as for ls.
std::size_t TableWidth(OutputFormat format) {
  if (format == OutputFormat::kWide) return 0;
  if (const char* columns = std::getenv("COLUMNS")) {
    long n = std::strtol(columns, nullptr, 10);
    if (n > 0) return static_cast<std::size_t>(n);
  }
  winsize size{};
  if (::isatty(STDOUT_FILENO) == 1 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  return 0;
}

}  // namespace

int CheckConfig(const Options& options, std::ostream& out, std::ostream& err) {
  bool ok = true;
  auto loaded = config::LoadConfigFile(options.config_file, options.instance);
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
          << loaded.config->deployments.size() << " deployments";
      const config::InstanceConfig& instance = loaded.config->global.instance;
      const config::Selection& selection = loaded.selection;
      if (selection.other_shard + selection.network_excluded > 0) {
        out << " probed here; shard " << config::FormatShard(instance.shard) << ", networks "
            << config::FormatNetworks(instance.networks) << ": " << selection.other_shard
            << " left to other shards, " << selection.network_excluded << " on networks not probed here";
      }
      out << ")\n";
    }
  }
  ok = CheckWebConfig(options.web_config_file, out, err) && ok;
  return ok ? 0 : 2;
}

int RunOnce(const Options& options, Logger& log, std::ostream& out) {
  auto loaded = config::LoadConfigFile(options.config_file, options.instance);
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
  auto jobs = SelectJobs(MakeJobs(env.value(), store), options.once_targets, log);
  if (!jobs) return 2;
  // Known up front: the store takes them in one step, not one per result.
  std::set<std::string> targets;
  for (const auto& job : *jobs) targets.insert(job.target);
  store.RetainOnly(targets);
  scheduler.SetJobs(std::move(*jobs));
  scheduler.RunOnceAll();

  auto snapshot = store.Take();
  if (options.output == OutputFormat::kJson) {
    out << ResultsToJson(snapshot.results);
  } else {
    out << RenderOnceTable(snapshot.results, clock.Now(), TableWidth(options.output));
  }
  for (const auto& r : snapshot.results) {
    if (!r->success) return 1;
  }
  return 0;
}

}  // namespace lde::app
