#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "app/options.h"
#include "common/clock.h"
#include "common/log.h"
#include "metrics/render.h"
#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/scheduler.h"

namespace lde::http {
class ExporterHttpServer;
}  // namespace lde::http

namespace lde::app {

// The long-running service: owns the config, the probe environment, the
// scheduler, the result store and the HTTP server, and reloads them all
// together. Reload is serialised; probes in flight finish on the env they
// started with (they hold a shared_ptr to it).
class Daemon {
 public:
  Daemon(Options options, Logger& log);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Loads the config, starts probing and serving. Returns false (logged)
  // when the first config is invalid or the listen address is unusable.
  bool Start();
  // Re-reads the config file. On any error the running config stays and
  // the reload metrics say so. Returns a one-line message either way.
  std::pair<bool, std::string> Reload();
  void Stop();
  std::uint16_t port() const;

 private:
  std::string MetricsText();
  std::string StatusJson();
  void Apply(std::shared_ptr<const probe::ProbeEnv> env);

  Options options_;
  Logger& log_;
  SystemClock clock_;
  results::ResultStore store_;
  std::mutex reload_mutex_;  // serialises Start/Reload/Stop
  mutable std::mutex state_mutex_;
  metrics::ExporterState state_;
  std::shared_ptr<const probe::ProbeEnv> env_;
  std::unique_ptr<schedule::Scheduler> scheduler_;
  int scheduler_workers_ = 0;
  std::unique_ptr<http::ExporterHttpServer> server_;
};

}  // namespace lde::app
