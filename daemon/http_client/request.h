#pragma once

// Building the bytes of an HTTP/1.1 request (RFC 9112 §3).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace lde::http_client {

inline constexpr std::string_view kUserAgent = "lyncdiscover_exporter/0.1";

struct HttpRequest {
  std::string method = "GET";
  std::string host_header;  // e.g. HostHeader(host, port, tls)
  std::string target = "/";
  // Extra fields, sent in order. A User-Agent here replaces ours; Host,
  // Connection, Content-Length and Transfer-Encoding are ours to set.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent with Content-Length when non-empty (or for POST/PUT/PATCH)
};

// The wire form: request line, Host, User-Agent, the extra fields,
// `Connection: close` (one exchange per connection), Content-Length when there
// is a body. Errors: kInternal for a request that would not be valid HTTP
// (non-token method or name, CR/LF/NUL in a value, whitespace in the target,
// a reserved field name): such text must never reach the wire.
Result<std::string> SerializeRequest(const HttpRequest& req);

// The origin-form target (RFC 9112 §3.2.1) of a path with optional query:
// "" → "/", "a/b" → "/a/b"; a "#fragment" is never sent, so it is dropped.
std::string RequestTarget(std::string_view path_and_query);

// The Host field for an authority: IPv6 literals in brackets, the port left
// out when it is the scheme's default (80, or 443 for TLS).
std::string HostHeader(std::string_view host, std::uint16_t port, bool tls);

}  // namespace lde::http_client
