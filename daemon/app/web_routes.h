#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "app/options.h"
#include "app/status_page.h"
#include "http/router.h"

namespace lde::app {

// How a reload went, as an HTTP client may learn it: whether it worked and
// how many errors there were. The errors themselves (with file paths and
// keys) go to the log and to --config.check, never to the client.
struct ReloadOutcome {
  bool ok = false;
  std::size_t errors = 0;
};

// What the routes call; Daemon supplies them. Each must be thread-safe.
struct WebHandlers {
  // The scrape: a stream that writes the exposition text of the results as
  // they are when it is called (the snapshot is taken then, the text is
  // written while it is sent).
  std::function<http::BodyStream()> metrics;
  std::function<StatusView()> status;  // for / and /status
  std::function<ReloadOutcome()> reload;
  std::function<bool()> ready;
  std::function<void()> quit;  // asks the process to stop (as SIGTERM)
  // GET /probe (ProbeEndpoint::Answer); may wait for a probe.
  std::function<http::HttpResponse(const http::HttpRequest&)> probe;
};

// The exporter's endpoints:
//   GET  /                     the status page, HTML (app/status_routes.h)
//   GET  <telemetry path>      metrics, streamed (chunked; gzip when asked)
//   GET  /status               last results as JSON, or HTML; ?target=NAME
//                              for one target (app/status_routes.h)
//   GET  /probe?target=NAME    probe one configured target now, answer its
//                              series (runs on the server's waiting pool)
//   GET  /-/healthy            200 while the process serves
//   GET  /-/ready              200 once the config is loaded and probing runs, else 503
//   POST|PUT /-/reload, /-/quit   only with --web.enable-lifecycle (403
//                              otherwise, nothing happens); refused
//                              cross-site from browsers
http::Router MakeRouter(const Options& options, WebHandlers handlers);

// The reload answer: 200 "configuration reloaded", or 500 with the error count.
http::HttpResponse ReloadResponse(const ReloadOutcome& outcome);

}  // namespace lde::app
