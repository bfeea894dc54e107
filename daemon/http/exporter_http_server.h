#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/log.h"
#include "common/result.h"
#include "http/router.h"
#include "http/server_limits.h"
#include "http/server_stats.h"
#include "http/web_security.h"

namespace lde::http {

// The exporter's web endpoint: an event-driven HTTP/1.1 server (one epoll
// thread reads and writes every connection; handlers run on a small worker
// pool). Slow or idle clients cost a socket and a buffer, never a thread, and
// every connection lives under ServerLimits. TLS, basic auth, extra headers
// and rate limiting come from the current WebSecurity, which a reload swaps.
// Thread-safe: SetSecurity and Stats may be called from any thread.
class ExporterHttpServer {
 public:
  ExporterHttpServer(std::vector<std::string> listen_addresses, Router router, ServerLimits limits,
                     Logger& log, const Clock& clock);
  ~ExporterHttpServer();  // Stop()
  ExporterHttpServer(const ExporterHttpServer&) = delete;
  ExporterHttpServer& operator=(const ExporterHttpServer&) = delete;

  // Binds every listen address and starts serving; returns the bound ports
  // in order. ErrorKind::kConfig for a bad or unusable address (nothing is
  // left listening then), kInternal if already started.
  Result<std::vector<std::uint16_t>> Start(std::shared_ptr<const WebSecurity> security);
  void SetSecurity(std::shared_ptr<const WebSecurity> security);
  HttpServerStats Stats() const;
  // True from the moment Stop() is called.
  bool stopping() const { return stopping_; }
  // Stops accepting, closes every connection, lets running handlers finish
  // and joins. Idempotent.
  void Stop();

 private:
  class Loop;
  std::vector<std::string> listen_addresses_;
  Router router_;
  ServerLimits limits_;
  Logger& log_;
  const Clock& clock_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<Loop> loop_;
  std::thread thread_;
};

}  // namespace lde::http
