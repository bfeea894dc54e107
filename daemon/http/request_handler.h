#pragma once

// Internal to lde_http: the POCO handler and factory that serve HttpHandlers.

#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "common/log.h"
#include "http/http_handlers.h"

namespace lde::http {

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const HttpHandlers& handlers, Logger& log) : handlers_(handlers), log_(log) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override;

 private:
  const HttpHandlers& handlers_;
  Logger& log_;
};

// Owned by the HTTPServer (POCO takes the factory by SharedPtr and deletes
// each handler after its request). Holds the handlers, so they live exactly
// as long as the server that calls them.
class RequestHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  RequestHandlerFactory(HttpHandlers handlers, Logger& log)
      : handlers_(std::move(handlers)), log_(log) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest& request) override;

 private:
  const HttpHandlers handlers_;
  Logger& log_;
};

}  // namespace lde::http
