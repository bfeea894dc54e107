#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lde::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What a handler answers. The server adds Content-Length, Connection, Date-
// free framing, the web config's headers and, where the route allows it and
// the client asked for it, gzip.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  HeaderList headers;  // route-specific extras (Allow, WWW-Authenticate, ...)

  bool operator==(const HttpResponse&) const = default;
};

// Convenience for the common plain-text answers.
HttpResponse TextResponse(int status, std::string body);

// "OK", "Not Found", ...; "Unknown" for codes we never send.
std::string_view ReasonPhrase(int status);

// Status line and header section (ending with the empty line) of an
// HTTP/1.1 response carrying `content_length` body bytes.
std::string SerializeHead(const HttpResponse& response, std::size_t content_length, bool keep_alive,
                          const HeaderList& extra_headers);

}  // namespace lde::http
