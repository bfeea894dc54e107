#pragma once

// Parses a request's head (request line and header fields, RFC 9112 2-5)
// from bytes already read. Pure and bounded: the event loop calls it once a
// whole head is buffered, so a client that sends one byte a second costs a
// scan of the new byte only (FindHeadEnd), never a re-parse.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "http/request.h"

namespace lde::http {

// Bounds on what one request may make the server hold.
struct RequestLimits {
  std::size_t max_head_bytes = 16 * 1024;  // request line + fields
  std::size_t max_fields = 100;
};

// Offset just past the empty line that ends the head (CRLF CRLF, or bare LF
// LF, which RFC 9112 2.2 lets a recipient accept), searching from `from`
// (pass the previous buffer size minus 3 to resume); npos when not there yet.
std::size_t FindHeadEnd(std::string_view buffer, std::size_t from);

// Why a head was refused: the status to answer (400, 431, 501, 505) and a
// short reason for the body and the log. The connection is closed after.
struct RequestError {
  int status = 400;
  std::string reason;
};

struct ParsedHead {
  HttpRequest request;  // body and peer not set
  std::uint64_t content_length = 0;
};

// `head` is the bytes up to FindHeadEnd. Checks: method is a token;
// request-target in origin form ("/..."), or absolute form whose path is
// used; version HTTP/1.0 or HTTP/1.1 (505 otherwise); field names are
// tokens, values hold no CR, LF or NUL; no obs-fold; exactly one Host in
// HTTP/1.1; Content-Length a single decimal number; Transfer-Encoding is
// refused with 501 (no route takes a streamed body); more than
// max_fields fields is 431.
std::variant<ParsedHead, RequestError> ParseRequestHead(std::string_view head, const RequestLimits& limits);

}  // namespace lde::http
