#pragma once

// Small pure pieces of HTTP/1.1 message syntax (RFC 9110, RFC 9112), shared by
// the probe's client (http_client/) and the exporter's server (http/).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lde {

// RFC 9110 §5.6.2 tchar: a letter, a digit or one of !#$%&'*+-.^_`|~.
bool IsTokenChar(char c);
// RFC 9110 §5.6.2 token (header names, methods, auth schemes): 1*tchar.
bool IsToken(std::string_view s);
// Strips optional whitespace (SP / HTAB) at both ends (RFC 9110 §5.6.3).
std::string_view TrimOws(std::string_view s);
// True when `s` holds no CR, LF or NUL, so it cannot split a message.
bool IsSafeFieldValue(std::string_view s);

struct StatusLine {
  int status = 0;
  std::string reason;
};
// "HTTP/1.x SP 3DIGIT [SP reason]" (RFC 9112 §4; a missing reason is tolerated).
std::optional<StatusLine> ParseStatusLine(std::string_view line);

// Content-Length values (RFC 9112 §6.3 item 5): every value, and every
// element of a comma list, must be the same decimal number.
std::optional<std::uint64_t> ParseContentLength(const std::vector<std::string>& values);

// A chunk-size line: hex size, then optional BWS and ";ext" (RFC 9112 §7.1.1).
std::optional<std::uint64_t> ParseChunkSizeLine(std::string_view line);

// True when the last transfer coding in the Transfer-Encoding values is
// "chunked" (RFC 9112 §6.3 item 4).
bool FinalCodingIsChunked(const std::vector<std::string>& values);

}  // namespace lde
