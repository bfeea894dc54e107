#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/byte_sink.h"

namespace lde::http {

// A body written while it is sent, for answers too large to hold (the
// scrape at 10,000 targets is 44 MB of text). The server runs `write` on the
// handler's worker thread once the head is on its way, with a sink that
// frames the body (chunked for HTTP/1.1; for HTTP/1.0 the connection's end
// ends it), gzip-compresses it when the route allows and the client asks,
// and blocks while the client is slow. Everything `write` uses must be
// captured by value: it runs after the handler returned. A client that
// stops reading is closed at the write timeout, and the next Write throws
// so the thread is given back; `write` must let that exception pass. HEAD
// requests never run it.
struct BodyStream {
  std::function<void(ByteSink&)> write;
  // Optional: writes the same body as one gzip member (RFC 1952), used
  // instead of `write` when the server answers with gzip. For a handler
  // that keeps its body compressed between requests
  // (scrape/gzip_scrape_cache.h); the same rules as `write`.
  std::function<void(ByteSink&)> write_gzip = nullptr;

  explicit operator bool() const { return static_cast<bool>(write); }
  // A function has no value to compare: two streams are equal when both are
  // absent or both present.
  bool operator==(const BodyStream& other) const {
    return static_cast<bool>(write) == static_cast<bool>(other.write);
  }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What a handler answers. The server adds Content-Length, Connection, Date-
// free framing, the web config's headers and, where the route allows it and
// the client asked for it, gzip.
struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  HeaderList headers;  // route-specific extras (Allow, WWW-Authenticate, ...)
  BodyStream stream;   // when set, the body instead of `body`

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

// The same for a streamed body, whose length is unknown: with
// "Transfer-Encoding: chunked" when `chunked`, else with neither length nor
// coding (the body ends when the connection closes: HTTP/1.0).
std::string SerializeStreamHead(const HttpResponse& response, bool chunked, bool keep_alive,
                                const HeaderList& extra_headers);

}  // namespace lde::http
