#pragma once

// A TCP proxy on loopback that adds a round-trip time: netem stands in for a
// WAN only where the kernel has sch_netem, so the bench brings its own.
//
// Each route forwards connections accepted on a 127.0.0.1 listening socket to
// 127.0.0.1:upstream_port. Every chunk of bytes read from one side is held
// for rtt/2 before it is written to the other, so a request and its answer
// cost one rtt more than over bare loopback. The kernel completes the TCP
// handshake with the client at once; to charge it the rtt a real SYN/SYN-ACK
// costs, nothing crosses the proxy before the connection is rtt old.
//
// One thread, one epoll loop, one timer heap. Bounded: at most
// `max_connections` at once (beyond that a connection is accepted and
// closed at once, and counted), at most `max_buffered_bytes` held per
// connection and direction (reading that side pauses until the other side
// drains). A FIN is forwarded after the bytes before it, with the same
// delay; a reset or an error on either side closes both.
//
// Not thread-safe: construct, add routes and Run() on one thread.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace lde::bench {

struct DelayProxyOptions {
  std::chrono::milliseconds rtt{100};
  std::size_t max_connections = 4096;
  std::size_t max_buffered_bytes = 256 * 1024;  // per connection and direction
  std::chrono::seconds max_seconds{3600};       // Run() returns after this long
};

struct DelayProxyStats {
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;          // over max_connections
  std::uint64_t upstream_failed = 0;  // the upstream connect failed
  std::uint64_t aborted = 0;          // a reset or an error on either side
  std::uint64_t closed = 0;           // both directions ended with a FIN
  std::uint64_t bytes_up = 0;         // client to upstream, written
  std::uint64_t bytes_down = 0;       // upstream to client, written
};

// A non-blocking socket listening on 127.0.0.1:*port (0: any), and in *port
// the port it got; -1 with *error and errno set on failure.
int ListenLoopback(std::uint16_t* port, std::string* error);

class DelayProxy {
 public:
  explicit DelayProxy(const DelayProxyOptions& options);
  ~DelayProxy();  // closes every socket
  DelayProxy(const DelayProxy&) = delete;
  DelayProxy& operator=(const DelayProxy&) = delete;

  // Takes ownership of `listen_fd` (a non-blocking listening socket).
  bool AddRoute(int listen_fd, std::uint16_t upstream_port, std::string* error);

  // Serves until `stop` is set (looked at least every 200 ms) or
  // max_seconds pass. False with *error on an epoll failure.
  bool Run(const std::atomic<bool>& stop, std::string* error);

  const DelayProxyStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lde::bench
