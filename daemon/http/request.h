#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lde::http {

// One parsed request, as the handlers see it. Plain data: it crosses from
// the event loop to a worker thread by value.
struct HttpRequest {
  std::string method;
  std::string target;                                        // the request-target as sent
  std::string path;                                          // origin-form path, not percent-decoded
  std::string query;                                         // after '?', raw (ParseQuery decodes it)
  int minor_version = 1;                                     // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;
  std::string peer;  // the client's address, for logs
  bool tls = false;

  // The first value of a header (name compared case-insensitively), or
  // nullopt when absent.
  std::optional<std::string_view> Header(std::string_view name) const;
  // RFC 9112 9.3: HTTP/1.1 keeps the connection unless "close"; HTTP/1.0
  // closes unless "keep-alive".
  bool WantsKeepAlive() const;
};

}  // namespace lde::http
