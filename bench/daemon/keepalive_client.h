#pragma once

// A minimal HTTP/1.1 client for one loopback server with a kept-alive
// connection, as Prometheus scrapes: `Accept-Encoding: gzip`, the connection
// reused request after request, reopened only when the server closed it.
// The daemon's own client (http_client/) sends `Connection: close`: right
// for probes, wrong for a scraper whose cost we want to reproduce.
// Not thread-safe: one client per thread.

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace lde::bench {

struct HttpReply {
  int status = 0;
  std::string body;            // gunzipped when the server sent gzip
  std::size_t wire_bytes = 0;  // the body as it came (gzip's size when gzipped)
  double exchange_ms = 0;      // request sent to the answer's last byte (connect included, gunzip not)
};

class KeepAliveClient {
 public:
  explicit KeepAliveClient(std::uint16_t port) : port_(port) {}
  ~KeepAliveClient();
  KeepAliveClient(const KeepAliveClient&) = delete;
  KeepAliveClient& operator=(const KeepAliveClient&) = delete;

  // GET `target` with `headers` added; the whole exchange within `timeout`.
  // A request on a kept connection that the server had closed meanwhile is
  // retried once on a new one. Errors: kConnectError, kTimeout, kHttpProtocol.
  Result<HttpReply> Get(const std::string& target,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        std::chrono::milliseconds timeout);

  // Connections opened so far (1 when keep-alive held throughout).
  int connections_opened() const { return opened_; }

 private:
  Result<HttpReply> Exchange(const std::string& request, std::chrono::steady_clock::time_point deadline,
                             bool* retryable);
  void Close();

  std::uint16_t port_;
  // The last answer's body storage, written over by the next: as
  // Prometheus's scrape loop reuses its buffers, a scrape of megabytes then
  // neither grows a new string by doubling nor faults in fresh pages.
  std::string body_buffer_;
  int fd_ = -1;
  int opened_ = 0;
};

// Inflates a gzip body (RFC 1952). Error kHttpProtocol when it is not gzip.
Result<std::string> Gunzip(const std::string& data);

}  // namespace lde::bench
