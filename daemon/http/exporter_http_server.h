#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/log.h"
#include "common/result.h"
#include "http/http_handlers.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace lde::http {

// The exporter's web endpoint (POCO HTTPServer):
//   GET  /           landing page with links
//   GET  /metrics    text/plain; version=0.0.4; charset=utf-8
//   GET  /-/healthy  200 "OK"
//   POST /-/reload   200 or 500 with the reload message (other methods: 405,
//                    Allow: POST)
//   GET  /status     JSON
//   anything else    404; a malformed request gets 400 (from POCO) and the
//                    server keeps serving.
// Bounded: kMaxThreads connection threads from a private pool (no POCO
// default pool), kMaxQueued waiting connections, kRequestTimeout per read.
// Start/Stop are not thread-safe against each other; the handlers are called
// concurrently from the connection threads.
class ExporterHttpServer {
 public:
  static constexpr int kMaxThreads = 4;
  static constexpr int kMaxQueued = 32;

  // listen_address: "host:port", ":port", "[::1]:port"; port 0 = ephemeral.
  ExporterHttpServer(const std::string& listen_address, HttpHandlers handlers, Logger& log);
  ~ExporterHttpServer();  // Stop()
  ExporterHttpServer(const ExporterHttpServer&) = delete;
  ExporterHttpServer& operator=(const ExporterHttpServer&) = delete;

  // Binds, listens and starts serving; once it returns, connections are
  // accepted. Returns the bound port. ErrorKind::kConfig for a bad address,
  // a name that does not resolve, a port in use or no permission; kInternal
  // if already started.
  Result<std::uint16_t> Start();
  // The bound port, 0 before Start.
  std::uint16_t port() const { return port_; }
  // Stops accepting, aborts idle keep-alive connections and waits for the
  // requests in progress. Idempotent.
  void Stop();

 private:
  std::string listen_address_;
  HttpHandlers handlers_;
  Logger& log_;
  std::uint16_t port_ = 0;
  // Declared before server_: the pool must outlive the server using it.
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace lde::http
