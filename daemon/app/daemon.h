#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/options.h"
#include "app/probe_endpoint.h"
#include "app/web_routes.h"
#include "common/clock.h"
#include "common/log.h"
#include "http/web_security.h"
#include "metrics/render.h"
#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/flight_table.h"
#include "schedule/scheduler.h"
#include "scrape/gzip_scrape_cache.h"

namespace lde::http {
class ExporterHttpServer;
}  // namespace lde::http

namespace lde::app {

// The long-running service: owns the config, the web config, the probe
// environment, the scheduler, the result store and the HTTP server, and
// reloads them together. Reload is serialised; probes in flight finish on
// the env they started with (they hold a shared_ptr to it), and so do
// GET /probe requests.
class Daemon {
 public:
  Daemon(Options options, Logger& log);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Loads the config and web config, starts probing and serving. Returns
  // false (logged) when either is invalid or a listen address is unusable.
  bool Start();
  // Re-reads the config file and the web config file. Each keeps its
  // previous version when its new one has errors; every error is logged.
  ReloadOutcome Reload();
  void Stop();
  // The bound ports, in --web.listen-address order.
  const std::vector<std::uint16_t>& ports() const { return ports_; }

 private:
  // Both return the number of errors (each logged).
  std::size_t LoadConfig();
  std::size_t LoadWebConfig();
  http::BodyStream MetricsStream();
  StatusView Status();
  // The env in effect now (null before the first load).
  std::shared_ptr<const probe::ProbeEnv> CurrentEnv() const;
  void Apply(std::shared_ptr<const probe::ProbeEnv> env);

  Options options_;
  Logger& log_;
  SystemClock clock_;
  results::ResultStore store_;
  // GET /metrics with gzip: the text that did not change since the last
  // scrape, kept compressed. Shared with the streams that write it, which
  // may outlive a request's handler.
  std::shared_ptr<scrape::GzipScrapeCache> scrape_cache_;
  // Runs in progress, scheduled or requested (GET /probe): one per target.
  schedule::FlightTable flights_;
  ProbeEndpoint probe_endpoint_;
  std::mutex reload_mutex_;  // serialises Start/Reload/Stop
  mutable std::mutex state_mutex_;
  metrics::ExporterState state_;
  std::shared_ptr<const probe::ProbeEnv> env_;  // written under both mutexes
  std::shared_ptr<const http::WebSecurity> web_security_;
  std::unique_ptr<schedule::Scheduler> scheduler_;
  int scheduler_workers_ = 0;
  std::atomic<bool> ready_{false};
  std::unique_ptr<http::ExporterHttpServer> server_;
  std::vector<std::uint16_t> ports_;
};

}  // namespace lde::app
