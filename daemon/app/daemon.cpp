#include "app/daemon.h"

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <random>
#include <set>

#include "app/jobs.h"
#include "app/version.h"
#include "config/config_loader.h"
#include "config/web_config_loader.h"
#include "http/exporter_http_server.h"
#include "metrics/process_stats.h"

namespace lde::app {

namespace {

std::set<std::string> TargetNames(const config::Config& config) {
  std::set<std::string> names;
  for (const auto& t : config.targets) names.insert(t.name);
  for (const auto& d : config.deployments) names.insert(d.name);
  return names;
}

metrics::HttpServerCounters ToCounters(const http::HttpServerStats& stats) {
  metrics::HttpServerCounters out;
  out.open_connections = stats.open_connections;
  for (const auto& [reason, count] : stats.dropped) {
    out.dropped.emplace_back(std::string(http::DropReasonName(reason)), count);
  }
  for (const auto& [key, count] : stats.requests) {
    out.requests.push_back({{key.first, std::to_string(key.second)}, count});
  }
  return out;
}

}  // namespace

Daemon::Daemon(Options options, Logger& log)
    : options_(std::move(options)),
      log_(log),
      scrape_cache_(std::make_shared<scrape::GzipScrapeCache>()),
      probe_endpoint_(clock_, store_, flights_, log_) {
  state_.version = kVersion;
  state_.revision = kRevision;
  state_.compiler = kCompiler;
  state_.last_reload_ok = false;
}

Daemon::~Daemon() { Stop(); }

void Daemon::Apply(std::shared_ptr<const probe::ProbeEnv> env) {
  // Forget removed targets first: a probe in flight across the reload can
  // then no longer resurrect their series.
  store_.RetainOnly(TargetNames(*env->config));
  int workers = env->config->global.concurrency;
  if (scheduler_ && workers == scheduler_workers_) {
    scheduler_->SetJobs(MakeJobs(env, store_, &flights_));
  } else {
    // The pool size is fixed per scheduler: a new concurrency means a new
    // pool (running probes finish first, bounded by their deadline).
    if (scheduler_) scheduler_->Stop();
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    scheduler_ = std::make_unique<schedule::Scheduler>(
        clock_, workers, [rng]() { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); }, &log_);
    scheduler_workers_ = workers;
    scheduler_->SetJobs(MakeJobs(env, store_, &flights_));
    scheduler_->Start();
  }
  std::lock_guard<std::mutex> lock(state_mutex_);
  env_ = std::move(env);
}

std::shared_ptr<const probe::ProbeEnv> Daemon::CurrentEnv() const {
  std::lock_guard<std::mutex> lock(state_mutex_);
  return env_;
}

std::size_t Daemon::LoadConfig() {
  const std::string& file = options_.config_file;
  // Loading a large file leaves memory free but resident: the file's text,
  // the parser's tokens and compact tree, and on a reload the configuration
  // it replaces (with yaml-cpp's own node tree that was 82 MiB resident at
  // 10,000 targets and 1,000 deployments, 46 MiB after a trim). Whatever
  // happens below, give it back once the load is over.
  struct TrimOnReturn {
    ~TrimOnReturn() { malloc_trim(0); }
  } trim;
  auto loaded = config::LoadConfigFile(file, options_.instance);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) log_.Error("configuration error", {{"file", file}, {"error", e}});
    return std::max<std::size_t>(loaded.errors.size(), 1);
  }
  auto env = probe::BuildProbeEnv(loaded.config, clock_, &log_);
  if (!env.ok()) {
    log_.Error("configuration error", {{"file", file}, {"error", env.error().detail}});
    return 1;
  }
  Apply(std::move(env).value());
  const config::InstanceConfig& instance = loaded.config->global.instance;
  const config::Selection& selection = loaded.selection;
  const metrics::InstanceState share{config::FormatShard(instance.shard),
                                     config::FormatNetworks(instance.networks), selection.probed,
                                     selection.other_shard, selection.network_excluded};
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    state_.vantage = instance.vantage;
    state_.instance = share;
  }
  log_.Info("configuration loaded", {{"file", file},
                                     {"targets", std::to_string(loaded.config->targets.size())},
                                     {"deployments", std::to_string(loaded.config->deployments.size())},
                                     {"vantage", instance.vantage},
                                     {"shard", share.shard},
                                     {"networks", share.networks},
                                     {"other_shard", std::to_string(share.other_shard)},
                                     {"network_excluded", std::to_string(share.network_excluded)}});
  if (share.probed == 0 && share.other_shard + share.network_excluded > 0) {
    log_.Warn(
        "this instance probes nothing: every configured name is another shard's or on a network "
        "it does not probe",
        {{"shard", share.shard}, {"networks", share.networks}});
  }
  return 0;
}

std::size_t Daemon::LoadWebConfig() {
  const std::string& file = options_.web_config_file;
  if (file.empty()) {
    if (!web_security_) web_security_ = http::OpenWebSecurity();
    return 0;
  }
  auto loaded = config::LoadWebConfigFile(file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) log_.Error("web configuration error", {{"file", file}, {"error", e}});
    return std::max<std::size_t>(loaded.errors.size(), 1);
  }
  auto security = http::BuildWebSecurity(*loaded.config);
  if (!security.ok()) {
    log_.Error("web configuration error", {{"file", file}, {"error", security.error().detail}});
    return 1;
  }
  web_security_ = std::move(security).value();
  if (server_) server_->SetSecurity(web_security_);
  log_.Info("web configuration loaded",
            {{"file", file},
             {"tls", loaded.config->tls ? "true" : "false"},
             {"basic_auth_users", std::to_string(loaded.config->basic_auth_users.size())}});
  return 0;
}

ReloadOutcome Daemon::Reload() {
  std::lock_guard<std::mutex> lock(reload_mutex_);
  // Each file keeps its previous version on error, independently.
  std::size_t errors = LoadConfig() + LoadWebConfig();
  {
    std::lock_guard<std::mutex> state_lock(state_mutex_);
    state_.last_reload_ok = errors == 0;
    if (errors == 0) state_.last_reload_success = clock_.Now();
  }
  if (errors > 0 && env_ && server_) {
    log_.Error("reload failed, keeping the previous configuration", {{"errors", std::to_string(errors)}});
  }
  return {errors == 0, errors};
}

http::BodyStream Daemon::MetricsStream() {
  metrics::ExporterState state;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    state = state_;
  }
  {
    std::lock_guard<std::mutex> lock(reload_mutex_);
    if (scheduler_) {
      state.skipped_runs = scheduler_->SkippedCounts();
      state.probe_errors = scheduler_->ErrorCounts();
    }
  }
  state.process = metrics::ReadProcessStats();
  if (server_) state.http = ToCounters(server_->Stats());
  // Written while it is sent: nothing of the text is held but the pieces on
  // their way (see http::BodyStream). Either way the cache answers from the
  // pieces it keeps: as they are with gzip, inflated without.
  struct Scrape {
    results::ResultStore::Snapshot snap;
    metrics::ExporterState state;
  };
  auto scrape = std::make_shared<const Scrape>(Scrape{store_.Take(), std::move(state)});
  return {
      [scrape, cache = scrape_cache_](ByteSink& out) { cache->WriteText(scrape->snap, scrape->state, out); },
      [scrape, cache = scrape_cache_](ByteSink& out) { cache->Write(scrape->snap, scrape->state, out); }};
}

StatusView Daemon::Status() {
  StatusView view;
  view.results = store_.Take().results;
  view.version = kVersion;
  view.revision = kRevision;
  view.now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    view.last_reload_ok = state_.last_reload_ok;
    view.vantage = state_.vantage;
    if (state_.instance) view.instance = *state_.instance;
    if (state_.last_reload_success != SysTime{}) view.last_reload_success = state_.last_reload_success;
  }
  std::lock_guard<std::mutex> lock(reload_mutex_);
  if (env_) {
    std::set<std::string> names = TargetNames(*env_->config);
    view.configured.assign(names.begin(), names.end());
  }
  return view;
}

bool Daemon::Start() {
  ReloadOutcome loaded = Reload();
  if (!loaded.ok) {
    // There is no previous configuration to keep at start-up.
    log_.Error("cannot start: the configuration has errors",
               {{"errors", std::to_string(loaded.errors)}, {"file", options_.config_file}});
    return false;
  }
  WebHandlers handlers;
  handlers.metrics = [this] { return MetricsStream(); };
  handlers.status = [this] { return Status(); };
  handlers.reload = [this] { return Reload(); };
  handlers.ready = [this] { return ready_.load(); };
  handlers.probe = [this](const http::HttpRequest& request) {
    return probe_endpoint_.Answer(request, CurrentEnv());
  };
  // The main thread's sigwait loop owns stopping, as for a real SIGTERM.
  handlers.quit = [] { ::kill(::getpid(), SIGTERM); };
  server_ = std::make_unique<http::ExporterHttpServer>(options_.listen_addresses,
                                                       MakeRouter(options_, std::move(handlers)),
                                                       http::ServerLimits{}, log_, clock_);
  auto started = server_->Start(web_security_);
  if (!started.ok()) {
    log_.Error("cannot serve", {{"error", started.error().detail}});
    return false;
  }
  ports_ = started.value();
  ready_ = true;
  return true;
}

void Daemon::Stop() {
  ready_ = false;
  // First: /probe requests waiting for a run answer 503 at once, so the
  // server's stop does not wait for them.
  probe_endpoint_.Stop();
  // Not under reload_mutex_: a /-/reload handler may be waiting for it, and
  // stopping the server waits for that handler.
  if (server_) server_->Stop();
  std::lock_guard<std::mutex> lock(reload_mutex_);
  if (scheduler_) scheduler_->Stop();
}

}  // namespace lde::app
