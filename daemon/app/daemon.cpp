#include "app/daemon.h"

#include <random>
#include <set>

#include "app/jobs.h"
#include "app/result_json.h"
#include "app/version.h"
#include "config/config_loader.h"
#include "http/exporter_http_server.h"

namespace lde::app {

namespace {

std::set<std::string> TargetNames(const config::Config& config) {
  std::set<std::string> names;
  for (const auto& t : config.targets) names.insert(t.name);
  for (const auto& d : config.deployments) names.insert(d.name);
  return names;
}

std::string JoinErrors(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : "; ") + e;
  return out;
}

}  // namespace

Daemon::Daemon(Options options, Logger& log) : options_(std::move(options)), log_(log) {
  state_.version = kVersion;
  state_.last_reload_ok = false;
}

Daemon::~Daemon() { Stop(); }

std::uint16_t Daemon::port() const { return server_ ? server_->port() : 0; }

void Daemon::Apply(std::shared_ptr<const probe::ProbeEnv> env) {
  // Forget removed targets first: a probe in flight across the reload can
  // then no longer resurrect their series.
  store_.RetainOnly(TargetNames(*env->config));
  int workers = env->config->global.concurrency;
  if (scheduler_ && workers == scheduler_workers_) {
    scheduler_->SetJobs(MakeJobs(env, store_));
  } else {
    // The pool size is fixed per scheduler: a new concurrency means a new
    // pool (running probes finish first, bounded by their deadline).
    if (scheduler_) scheduler_->Stop();
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    scheduler_ = std::make_unique<schedule::Scheduler>(
        clock_, workers, [rng]() { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); });
    scheduler_workers_ = workers;
    scheduler_->SetJobs(MakeJobs(env, store_));
    scheduler_->Start();
  }
  env_ = std::move(env);
}

std::pair<bool, std::string> Daemon::Reload() {
  std::lock_guard<std::mutex> lock(reload_mutex_);
  auto loaded = config::LoadConfigFile(options_.config_file);
  std::string message;
  bool ok = loaded.ok();
  if (!ok) {
    message = JoinErrors(loaded.errors);
  } else {
    auto env = probe::BuildProbeEnv(loaded.config, clock_, &log_);
    if (!env.ok()) {
      ok = false;
      message = env.error().detail;
    } else {
      Apply(std::move(env).value());
    }
  }
  {
    std::lock_guard<std::mutex> state_lock(state_mutex_);
    state_.last_reload_ok = ok;
    if (ok) state_.last_reload_success = clock_.Now();
  }
  if (ok) {
    message = "configuration loaded from " + options_.config_file;
    log_.Info("configuration loaded", {{"file", options_.config_file},
                                       {"targets", std::to_string(env_->config->targets.size())},
                                       {"deployments", std::to_string(env_->config->deployments.size())}});
  } else {
    log_.Error("configuration rejected, keeping the previous one", {{"file", options_.config_file},
                                                                    {"error", message}});
  }
  return {ok, message};
}

std::string Daemon::MetricsText() {
  metrics::ExporterState state;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    state = state_;
  }
  {
    std::lock_guard<std::mutex> lock(reload_mutex_);
    if (scheduler_) state.skipped_runs = scheduler_->SkippedCounts();
  }
  return metrics::RenderText(store_.Take(), state);
}

std::string Daemon::StatusJson() { return ResultsToJson(store_.Take().results); }

bool Daemon::Start() {
  auto [ok, message] = Reload();
  if (!ok) return false;
  http::HttpHandlers handlers;
  handlers.metrics_text = [this] { return MetricsText(); };
  handlers.reload = [this] { return Reload(); };
  handlers.status_json = [this] { return StatusJson(); };
  server_ = std::make_unique<http::ExporterHttpServer>(options_.listen_address, handlers, log_);
  auto started = server_->Start();
  if (!started.ok()) {
    log_.Error("cannot serve metrics", {{"address", options_.listen_address}, {"error", started.error().detail}});
    return false;
  }
  return true;
}

void Daemon::Stop() {
  std::lock_guard<std::mutex> lock(reload_mutex_);
  if (server_) server_->Stop();
  if (scheduler_) scheduler_->Stop();
}

}  // namespace lde::app
