#include "http_client/response_parser.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

#include "common/http_syntax.h"
#include "common/result.h"

namespace lde::http_client {

using State = HttpResponseParser::State;

HttpResponseParser::HttpResponseParser(std::size_t max_body, bool head_request)
    : HttpResponseParser(max_body, head_request, WireBudget(max_body)) {}

HttpResponseParser::HttpResponseParser(std::size_t max_body, bool head_request, std::size_t max_wire_bytes)
    : max_body_(max_body), head_request_(head_request), max_wire_bytes_(max_wire_bytes) {}

State HttpResponseParser::Fail(std::string detail) {
  state_ = State::kError;
  error_ = MakeError(ErrorKind::kHttpProtocol, std::move(detail));
  return state_;
}

void HttpResponseParser::Done() {
  phase_ = Phase::kDone;
  state_ = State::kDone;
}

std::size_t HttpResponseParser::LineLimit() const {
  switch (phase_) {
    case Phase::kChunkSize:
      return kMaxChunkLine;
    default:  // status line, header and trailer fields share one section budget
      return kMaxHeaderBytes - std::min(section_bytes_, kMaxHeaderBytes);
  }
}

State HttpResponseParser::Feed(std::string_view bytes) {
  if (state_ != State::kNeedMore) return state_;
  if (!bytes.empty()) received_any_ = true;
  // Only the room left in the wire budget is offered to the parse; if it
  // still needs more once that is taken, the budget is what ended it. The
  // outcome depends only on the bytes, never on how they were split.
  const std::size_t room = max_wire_bytes_ - wire_bytes_;
  std::string_view within = bytes.substr(0, room);
  const std::size_t offered = within.size();
  Consume(within);
  wire_bytes_ += offered - within.size();
  if (state_ == State::kNeedMore && bytes.size() > room) {
    return Fail("response exceeds its wire budget of " + std::to_string(max_wire_bytes_) +
                " bytes (headers, chunk framing and body)");
  }
  return state_;
}

void HttpResponseParser::Consume(std::string_view& bytes) {
  // Every pass consumes at least one byte or ends the parse, so this ends.
  while (state_ == State::kNeedMore && !bytes.empty()) {
    switch (phase_) {
      case Phase::kBodyLength:
      case Phase::kChunkData:
        TakeBody(bytes, remaining_);
        if (state_ == State::kNeedMore && remaining_ == 0) {
          if (phase_ == Phase::kBodyLength) {
            Done();
          } else {
            phase_ = Phase::kChunkDataEnd;
          }
        }
        break;
      case Phase::kBodyUntilEof:
        TakeBody(bytes, bytes.size());
        break;
      case Phase::kChunkDataEnd:
        // Exactly CRLF (or LF) must follow chunk data; anything else means
        // the framing is lost, so fail at once rather than wait for a line.
        if (bytes.front() == '\n') {
          line_.clear();
          phase_ = Phase::kChunkSize;
        } else if (bytes.front() != '\r' || !line_.empty()) {
          Fail("chunk data not followed by CRLF");
          return;
        } else {
          line_.assign(1, '\r');  // not = "\r": GCC 12 at -O3 warns falsely (-Wrestrict, bug 105329)
        }
        bytes.remove_prefix(1);
        break;
      case Phase::kDone:
        return;
      default: {
        const void* lf = std::memchr(bytes.data(), '\n', bytes.size());
        std::size_t take = lf ? static_cast<const char*>(lf) - bytes.data() + 1 : bytes.size();
        if (line_.size() + take > LineLimit()) {
          Fail(phase_ == Phase::kChunkSize
                   ? "chunk-size line too long"
                   : "header section larger than " + std::to_string(kMaxHeaderBytes) + " bytes");
          return;
        }
        line_.append(bytes.data(), take);
        bytes.remove_prefix(take);
        if (lf == nullptr) break;
        std::string line = std::exchange(line_, std::string());
        if (phase_ != Phase::kChunkSize) section_bytes_ += line.size();
        // Lines end in CRLF; a bare LF is accepted too (RFC 9112 §2.2).
        line.pop_back();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        OnLine(line);
      }
    }
  }
}

void HttpResponseParser::ReuseBodyBuffer(std::string buffer) {
  assert(!received_any_ && "ReuseBodyBuffer comes before the first Feed");
  buffer.clear();
  response_.body = std::move(buffer);
}

void HttpResponseParser::TakeBody(std::string_view& bytes, std::uint64_t limit) {
  std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(limit, bytes.size()));
  std::size_t room = max_body_ - response_.body.size();
  if (take > room) {
    response_.body.append(bytes.data(), room);
    response_.body_truncated = true;
    Done();
    return;
  }
  response_.body.append(bytes.data(), take);
  bytes.remove_prefix(take);
  remaining_ -= std::min<std::uint64_t>(remaining_, take);
}

void HttpResponseParser::OnLine(std::string_view line) {
  switch (phase_) {
    case Phase::kStatusLine:
      return OnStatusLine(line);
    case Phase::kHeaders:
      if (line.empty()) return OnEndOfHeaders();
      return OnFieldLine(line, 0);
    case Phase::kChunkSize:
      return OnChunkSizeLine(line);
    case Phase::kTrailers:
      if (line.empty()) return Done();
      return OnFieldLine(line, header_count_);
    default:
      return;
  }
}

void HttpResponseParser::OnStatusLine(std::string_view line) {
  auto status = ParseStatusLine(line);
  if (!status) {
    Fail("malformed status line: '" + std::string(line.substr(0, 80)) + "'");
    return;
  }
  response_.status = status->status;
  response_.reason = std::move(status->reason);
  response_.headers.clear();
  phase_ = Phase::kHeaders;
}

void HttpResponseParser::OnFieldLine(std::string_view line, std::size_t first_index) {
  if (line.find('\0') != std::string_view::npos || line.find('\r') != std::string_view::npos) {
    Fail("control character in a header field");
    return;
  }
  if (line.front() == ' ' || line.front() == '\t') {
    // obs-fold (RFC 9112 §5.2): a continuation line joins the previous
    // field's value, the fold replaced by one space.
    if (response_.headers.size() <= first_index) {
      Fail("continuation line before any header field");
      return;
    }
    std::string& value = response_.headers.back().second;
    std::string_view more = TrimOws(line);
    if (!value.empty() && !more.empty()) value += ' ';
    value.append(more);
    return;
  }
  std::size_t colon = line.find(':');
  // No whitespace is allowed between the name and the colon (RFC 9112 §5.1).
  if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
    Fail("malformed header field: '" + std::string(line.substr(0, 80)) + "'");
    return;
  }
  response_.headers.emplace_back(std::string(line.substr(0, colon)),
                                 std::string(TrimOws(line.substr(colon + 1))));
}

void HttpResponseParser::OnEndOfHeaders() {
  const int status = response_.status;
  if (status >= 100 && status < 200 && status != 101) {
    // Interim response (100 Continue, 103 Early Hints): the final one follows.
    // Its bytes stay counted, so a stream of 1xx cannot grow without bound.
    phase_ = Phase::kStatusLine;
    return;
  }
  header_count_ = response_.headers.size();
  // Message body length, RFC 9112 §6.3, in its order of precedence.
  if (head_request_ || status == 101 || status == 204 || status == 304) return Done();
  auto transfer_encoding = response_.HeaderValues("Transfer-Encoding");
  if (!transfer_encoding.empty()) {
    section_bytes_ = 0;  // the trailer section gets its own budget
    phase_ = FinalCodingIsChunked(transfer_encoding) ? Phase::kChunkSize : Phase::kBodyUntilEof;
    return;
  }
  auto content_length = response_.HeaderValues("Content-Length");
  if (!content_length.empty()) {
    auto length = ParseContentLength(content_length);
    if (!length) {
      Fail("invalid Content-Length");
      return;
    }
    remaining_ = *length;
    if (remaining_ == 0) return Done();
    phase_ = Phase::kBodyLength;
    return;
  }
  phase_ = Phase::kBodyUntilEof;
}

void HttpResponseParser::OnChunkSizeLine(std::string_view line) {
  auto size = ParseChunkSizeLine(line);
  if (!size) {
    Fail("bad chunk size line: '" + std::string(line.substr(0, 80)) + "'");
    return;
  }
  remaining_ = *size;
  phase_ = remaining_ == 0 ? Phase::kTrailers : Phase::kChunkData;
}

State HttpResponseParser::Finish() {
  if (state_ != State::kNeedMore) return state_;
  switch (phase_) {
    case Phase::kBodyUntilEof:
      Done();
      return state_;
    case Phase::kStatusLine:
      if (!received_any_) return Fail("connection closed before any response");
      [[fallthrough]];
    case Phase::kHeaders:
      return Fail("connection closed inside the response headers");
    case Phase::kBodyLength:
      return Fail("connection closed after " + std::to_string(response_.body.size()) + " body bytes, " +
                  std::to_string(remaining_) + " short of Content-Length");
    default:
      return Fail("connection closed inside the chunked body");
  }
}

}  // namespace lde::http_client
