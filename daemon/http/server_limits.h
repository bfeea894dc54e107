#pragma once

#include <chrono>
#include <cstddef>

#include "http/request_parser.h"

namespace lde::http {

// Every bound the server puts on its clients, in one place. The defaults
// are what the daemon runs with; tests shrink them to cross them quickly.
struct ServerLimits {
  // To complete the TLS handshake and send a whole request (head and body),
  // counted from accept or from the first byte of a keep-alive request: a
  // client that trickles bytes is cut off after this, whatever its pace.
  std::chrono::milliseconds request_timeout{5000};
  // An open connection with no request under way is closed after this.
  std::chrono::milliseconds idle_timeout{120000};
  // To take a whole response.
  std::chrono::milliseconds write_timeout{30000};
  // Connections held at once, in all and from one client (an IPv4 address
  // or an IPv6 /64). At a limit, the oldest connection of the busiest
  // client that is not being answered makes room for the new one, so a
  // flood of idle or slow connections cannot lock anyone out.
  std::size_t max_connections = 512;
  std::size_t max_connections_per_client = 32;
  // Threads that run handlers, and requests that may wait for one (503
  // beyond). bcrypt checks get their own thread and queue, so wrong
  // passwords cannot delay scrapes.
  int workers = 4;
  std::size_t max_queued_requests = 64;
  // Threads for handlers that wait (Route::waits): each runs one such
  // request; when all are busy the next gets 503 at once, never a queue.
  int waiting_workers = 8;
  std::size_t max_queued_password_checks = 8;
  RequestLimits request;
};

}  // namespace lde::http
