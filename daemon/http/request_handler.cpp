#include "http/request_handler.h"

#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "Poco/Exception.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/URI.h"
#include "http/routes.h"

namespace lde::http {
namespace {

using Poco::Net::HTTPResponse;

constexpr const char* kTextPlain = "text/plain; charset=utf-8";
// The content type Prometheus expects for the 0.0.4 text format.
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kJsonType = "application/json; charset=utf-8";

constexpr const char* kLandingPage = R"(<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>lyncdiscover_exporter</title></head>
<body>
<h1>lyncdiscover_exporter</h1>
<p>Probes TLS endpoints and Lync / Skype for Business autodiscover the way a phone does.</p>
<ul>
<li><a href="/metrics">Metrics</a></li>
<li><a href="/status">Status of the last probes (JSON)</a></li>
<li><a href="/-/healthy">Health</a></li>
</ul>
</body>
</html>
)";

void Send(HTTPResponse::HTTPStatus status, const std::string& content_type, const std::string& body,
          Poco::Net::HTTPServerResponse& response) {
  response.setStatusAndReason(status);
  response.setContentType(content_type);
  response.setContentLength(static_cast<std::streamsize>(body.size()));
  // sendBuffer writes headers only for HEAD requests.
  response.sendBuffer(body.data(), body.size());
}

// Returns the request path, or nullopt if the request target is not a URI.
std::optional<std::string> RequestPath(const Poco::Net::HTTPServerRequest& request) {
  try {
    std::string path = Poco::URI(request.getURI()).getPath();
    return path.empty() ? "/" : path;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// Why the request is malformed in a way POCO accepts, or nullopt.
std::optional<std::string> Malformed(const Poco::Net::HTTPServerRequest& request) {
  if (!IsSupportedHttpVersion(request.getVersion())) return "unsupported HTTP version";
  for (const auto& [name, value] : request) {
    if (!IsToken(name)) return "malformed header line";
  }
  return std::nullopt;
}

}  // namespace

void RequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                   Poco::Net::HTTPServerResponse& response) {
  // None of our routes reads a request body; not reading one would leave it
  // in the stream as the "next request", so such connections are closed.
  if (request.hasContentLength() || request.getChunkedTransferEncoding()) {
    response.setKeepAlive(false);
  }
  if (auto problem = Malformed(request)) {
    // POCO echoes the request's version; answer in one we actually speak.
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setKeepAlive(false);
    Send(HTTPResponse::HTTP_BAD_REQUEST, kTextPlain, "Bad request: " + *problem + "\n", response);
    return;
  }
  auto path = RequestPath(request);
  if (!path) {
    response.setKeepAlive(false);
    Send(HTTPResponse::HTTP_BAD_REQUEST, kTextPlain, "Bad request target\n", response);
    return;
  }
  RouteMatch match = MatchRoute(request.getMethod(), *path);
  HTTPResponse::HTTPStatus status = HTTPResponse::HTTP_OK;
  try {
    switch (match.route) {
      case Route::kLanding:
        Send(status, "text/html; charset=utf-8", kLandingPage, response);
        break;
      case Route::kHealthy:
        Send(status, kTextPlain, "OK", response);
        break;
      case Route::kMetrics:
        if (!handlers_.metrics_text) {
          status = HTTPResponse::HTTP_SERVICE_UNAVAILABLE;
          Send(status, kTextPlain, "metrics not available\n", response);
        } else {
          Send(status, kMetricsType, handlers_.metrics_text(), response);
        }
        break;
      case Route::kStatus:
        if (!handlers_.status_json) {
          status = HTTPResponse::HTTP_SERVICE_UNAVAILABLE;
          Send(status, kTextPlain, "status not available\n", response);
        } else {
          Send(status, kJsonType, handlers_.status_json(), response);
        }
        break;
      case Route::kReload: {
        if (!handlers_.reload) {
          status = HTTPResponse::HTTP_SERVICE_UNAVAILABLE;
          Send(status, kTextPlain, "reload not available\n", response);
          break;
        }
        auto [ok, message] = handlers_.reload();
        status = ok ? HTTPResponse::HTTP_OK : HTTPResponse::HTTP_INTERNAL_SERVER_ERROR;
        Send(status, kTextPlain, message + "\n", response);
        break;
      }
      case Route::kMethodNotAllowed:
        status = HTTPResponse::HTTP_METHOD_NOT_ALLOWED;
        response.set("Allow", match.allow);
        Send(status, kTextPlain, "Method not allowed; use " + match.allow + "\n", response);
        break;
      case Route::kNotFound:
        status = HTTPResponse::HTTP_NOT_FOUND;
        Send(status, kTextPlain, "Not found\n", response);
        break;
    }
  } catch (const std::exception& e) {
    // A failing callback must cost one 500, not the connection thread.
    log_.Warn("http handler failed", {{"path", *path}, {"error", e.what()}});
    if (!response.sent()) {
      status = HTTPResponse::HTTP_INTERNAL_SERVER_ERROR;
      Send(status, kTextPlain, "internal error\n", response);
    }
  }
  log_.Debug("http request", {{"method", request.getMethod()},
                              {"path", *path},
                              {"status", std::to_string(static_cast<int>(status))}});
}

Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest& /*request*/) {
  // POCO's contract: the server owns and deletes the returned handler.
  return std::make_unique<RequestHandler>(handlers_, log_).release();
}

}  // namespace lde::http
