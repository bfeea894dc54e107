#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace lde::http {

// One path the server answers. Handlers run on the server's worker threads,
// so each must be thread-safe; an exception becomes a 500.
struct Route {
  std::string path;                  // exact match
  std::vector<std::string> methods;  // "GET" also answers HEAD
  std::function<HttpResponse(const HttpRequest&)> handler;
  // A body is read only for a route that takes one, up to this many bytes
  // (413 above); 0 = none accepted.
  std::size_t max_body_bytes = 0;
  // Answer gzip-compressed when the client accepts it (large text bodies).
  bool compressible = false;
  // Changes state: a browser's cross-site request (a page elsewhere posting
  // to us) is refused with 403, so visiting a web page cannot reload us.
  bool refuse_cross_site = false;
  // The handler may wait for seconds (GET /probe waits for a probe): it runs
  // on the server's own small pool for such handlers
  // (ServerLimits::waiting_workers, nothing queued: 503 when all are busy),
  // so it never holds a thread that /metrics needs.
  bool waits = false;
};

struct RouteLookup {
  const Route* route = nullptr;  // set when status == 200
  int status = 200;              // 404 no such path, 405 wrong method
  std::string allow;             // the Allow header for 405 (RFC 9110 15.5.6)
};

// Immutable after construction, so lookups need no lock.
class Router {
 public:
  explicit Router(std::vector<Route> routes);
  RouteLookup Match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// True when a browser says the request comes from another site: an Origin
// whose host[:port] differs from Host (or "null"), or Sec-Fetch-Site other
// than same-origin or none. Tools (curl, Prometheus) send neither header.
bool IsCrossSiteRequest(const HttpRequest& request);

}  // namespace lde::http
