#include "app/web_routes.h"

#include <memory>

#include "app/status_routes.h"

namespace lde::app {
namespace {

using http::HttpRequest;
using http::HttpResponse;
using http::TextResponse;

// The content type Prometheus expects for the 0.0.4 text format.
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
// The lifecycle endpoints read no body; a small one (curl -d '') is allowed.
constexpr std::size_t kLifecycleBodyBytes = 1024;

HttpResponse LifecycleDisabled() { return TextResponse(403, "Lifecycle API is not enabled.\n"); }

}  // namespace

HttpResponse ReloadResponse(const ReloadOutcome& outcome) {
  if (outcome.ok) return TextResponse(200, "configuration reloaded\n");
  return TextResponse(500, "configuration reload failed: " + std::to_string(outcome.errors) +
                               (outcome.errors == 1 ? " error" : " errors") +
                               "; the exporter's log has the details\n");
}

http::Router MakeRouter(const Options& options, WebHandlers handlers) {
  auto h = std::make_shared<const WebHandlers>(std::move(handlers));
  bool lifecycle = options.enable_lifecycle;
  std::vector<http::Route> routes;

  for (auto& route : StatusRoutes(options, h->status)) routes.push_back(std::move(route));
  http::Route metrics{options.telemetry_path, {"GET"}, [h](const HttpRequest&) {
                        HttpResponse r;
                        r.content_type = kMetricsType;
                        r.stream = h->metrics();
                        return r;
                      }};
  metrics.compressible = true;
  routes.push_back(std::move(metrics));
  http::Route probe{"/probe", {"GET"}, [h](const HttpRequest& request) { return h->probe(request); }};
  probe.compressible = true;
  probe.waits = true;
  routes.push_back(std::move(probe));
  routes.push_back({"/-/healthy", {"GET"}, [](const HttpRequest&) { return TextResponse(200, "OK\n"); }});
  routes.push_back({"/-/ready", {"GET"}, [h](const HttpRequest&) {
                      return h->ready() ? TextResponse(200, "Ready\n") : TextResponse(503, "Not ready\n");
                    }});

  http::Route reload{"/-/reload", {"POST", "PUT"}, [h, lifecycle](const HttpRequest&) {
                       return lifecycle ? ReloadResponse(h->reload()) : LifecycleDisabled();
                     }};
  http::Route quit{"/-/quit", {"POST", "PUT"}, [h, lifecycle](const HttpRequest&) {
                     if (!lifecycle) return LifecycleDisabled();
                     h->quit();
                     return TextResponse(200, "Requesting termination... Goodbye!\n");
                   }};
  for (http::Route* r : {&reload, &quit}) {
    r->max_body_bytes = kLifecycleBodyBytes;
    r->refuse_cross_site = true;
    routes.push_back(std::move(*r));
  }
  return http::Router(std::move(routes));
}

}  // namespace lde::app
