#pragma once

// Incremental HTTP/1.1 response parser (RFC 9112). Pure: no sockets, no
// allocation beyond the bounded buffers below, so it can be fuzzed. Feeding
// the bytes in any split (even one at a time) gives the same result.
//
// Bounds: the header section (status line, fields and any 1xx interim
// responses before it) and the trailer section are each at most
// kMaxHeaderBytes; a chunk-size line at most kMaxChunkLine. A body larger
// than max_body keeps its first max_body bytes, sets body_truncated and ends
// the parse with kDone (not an error).
//
// Wire budget: every byte the parser takes counts (status lines, header and
// trailer fields, chunk-size lines with their extensions, chunk CRLFs, body
// bytes), and a response that needs more than max_wire_bytes to finish is an
// error. The per-line bounds above do not bound a stream of lines (chunk
// after chunk, each with a 4 KiB extension around one body byte); this does.
// The default is WireBudget(max_body): the body plus kWireFramingBytes.
// Crossing it is kHttpProtocol, not kBodyTooLarge: the body itself never
// crosses it (it is truncated at max_body), so only framing can, and framing
// that large is abuse of the protocol, not a large document.
//
// Not thread-safe; one parser per response.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "model/budgets.h"
#include "model/observations.h"

namespace lde::http_client {

class HttpResponseParser {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
  static constexpr std::size_t kMaxChunkLine = 4 * 1024;
  // What one response may spend on the wire besides its body
  // (model::budget::kHttpFramingBytes): a full header section, plus as much
  // again for chunk-size lines and trailers (nginx and IIS use a few bytes of
  // framing per 4-16 KiB chunk).
  static constexpr std::size_t kWireFramingBytes = model::budget::kHttpFramingBytes.value;
  static_assert(kWireFramingBytes >= 2 * kMaxHeaderBytes, "room for a full header section and more");
  // The default wire budget of a response whose body is kept up to max_body.
  static constexpr std::size_t WireBudget(std::size_t max_body) {
    return max_body > SIZE_MAX - kWireFramingBytes ? SIZE_MAX : max_body + kWireFramingBytes;
  }

  enum class State { kNeedMore, kDone, kError };

  // `head_request`: the response answers HEAD, so it has no body whatever its
  // Content-Length says (RFC 9110 §9.3.2). The wire budget is WireBudget(max_body).
  explicit HttpResponseParser(std::size_t max_body, bool head_request = false);
  HttpResponseParser(std::size_t max_body, bool head_request, std::size_t max_wire_bytes);

  // Consumes bytes; once kDone or kError, further bytes are ignored.
  State Feed(std::string_view bytes);
  // The peer closed the connection: ends a read-until-close body, or an
  // error if the response was incomplete.
  State Finish();

  State state() const { return state_; }
  // Complete once state() is kDone. Chunked trailer fields are appended to
  // headers after the header fields.
  const model::HttpObservation& response() const { return response_; }
  // Moves the response out, so a caller keeps it without copying its body
  // and headers; the parser is left with an empty one.
  model::HttpObservation TakeResponse() { return std::move(response_); }
  // Before the first Feed: the body is written into `buffer`'s storage (its
  // content dropped). A client that reads many large answers, one after
  // another, then allocates and faults in that memory once, as Prometheus
  // reuses its scrape buffers.
  void ReuseBodyBuffer(std::string buffer);
  // Meaningful once state() is kError; kind is kHttpProtocol.
  const Error& error() const { return error_; }
  // Bytes taken so far (never more than max_wire_bytes()); bytes after the
  // end of the response, or past a truncated body, are not taken.
  std::size_t wire_bytes() const { return wire_bytes_; }
  std::size_t max_wire_bytes() const { return max_wire_bytes_; }

 private:
  enum class Phase {
    kStatusLine,
    kHeaders,
    kBodyLength,
    kBodyUntilEof,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kDone,
  };

  std::size_t LineLimit() const;
  // Feed within the wire budget: takes bytes from the front of `bytes`.
  void Consume(std::string_view& bytes);
  void OnLine(std::string_view line);
  void OnStatusLine(std::string_view line);
  void OnFieldLine(std::string_view line, std::size_t first_index);
  void OnEndOfHeaders();
  void OnChunkSizeLine(std::string_view line);
  // Moves up to `limit` bytes of `bytes` into the body; ends the parse when
  // the body limit is reached.
  void TakeBody(std::string_view& bytes, std::uint64_t limit);
  void Done();
  State Fail(std::string detail);

  std::size_t max_body_;
  bool head_request_;
  std::size_t max_wire_bytes_;
  std::size_t wire_bytes_ = 0;
  State state_ = State::kNeedMore;
  Phase phase_ = Phase::kStatusLine;
  model::HttpObservation response_;
  Error error_;
  std::string line_;               // the current, still incomplete line
  std::size_t section_bytes_ = 0;  // completed bytes of the header or trailer section
  std::size_t header_count_ = 0;   // fields of the header section (trailers come after)
  std::uint64_t remaining_ = 0;    // of the Content-Length body or the current chunk
  bool received_any_ = false;
};

}  // namespace lde::http_client
