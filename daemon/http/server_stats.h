#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace lde::http {

// Why the server closed a connection it had not finished with. The names
// are label values of lyncdiscover_exporter_http_connections_dropped_total.
enum class DropReason {
  kClientLimit,     // made room for a newer connection of the same client
  kServerLimit,     // made room under the server-wide connection limit
  kRequestTimeout,  // no whole request within request_timeout
  kWriteTimeout,    // did not take the response within write_timeout
  kTlsHandshake,    // TLS handshake failed (incl. client certificate refused)
  kPlainHttpOnTls,  // sent plain HTTP to the TLS listener (answered 400)
};
inline constexpr std::array<DropReason, 6> kAllDropReasons = {
    DropReason::kClientLimit,  DropReason::kServerLimit,  DropReason::kRequestTimeout,
    DropReason::kWriteTimeout, DropReason::kTlsHandshake, DropReason::kPlainHttpOnTls};

constexpr std::string_view DropReasonName(DropReason reason) {
  switch (reason) {
    case DropReason::kClientLimit:
      return "client_limit";
    case DropReason::kServerLimit:
      return "server_limit";
    case DropReason::kRequestTimeout:
      return "request_timeout";
    case DropReason::kWriteTimeout:
      return "write_timeout";
    case DropReason::kTlsHandshake:
      return "tls_handshake";
    case DropReason::kPlainHttpOnTls:
      return "plain_http_on_tls";
  }
  return "unknown";
}

// A copy of the server's counters, for the exporter's own metrics.
struct HttpServerStats {
  std::uint64_t open_connections = 0;
  std::uint64_t accepted_connections = 0;
  std::map<DropReason, std::uint64_t> dropped;  // every reason, zeros included
  // (route path, or "other" for 404s and refusals before routing; status)
  std::map<std::pair<std::string, int>, std::uint64_t> requests;
};

}  // namespace lde::http
