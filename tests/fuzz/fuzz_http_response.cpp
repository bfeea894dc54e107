// Input: one byte choosing where to split, then the bytes a server sends.
// Each response is parsed four ways (small body limit, large limit, answer
// to HEAD, a small wire budget), fed whole, in two parts at the chosen split,
// and one byte at a time (short inputs), each followed by Finish(). Checks:
// the parse always settles (done or error, never "need more" after Finish),
// the body never exceeds max_body, a truncated body is exactly max_body, no
// more bytes are taken than the wire budget allows, an error has kind
// http_protocol (the wire budget's included) and a detail, and every split
// gives the same result.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http_client/response_parser.h"

namespace {

using lde::http_client::HttpResponseParser;
using State = HttpResponseParser::State;

constexpr std::size_t kBytewiseMax = 4096;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckSettled(const HttpResponseParser& parser, std::size_t max_body, bool head) {
  Check(parser.state() == State::kDone || parser.state() == State::kError);
  Check(parser.wire_bytes() <= parser.max_wire_bytes());
  if (parser.state() == State::kError) {
    Check(parser.error().kind == lde::ErrorKind::kHttpProtocol);
    Check(!parser.error().detail.empty());
    return;
  }
  const auto& response = parser.response();
  Check(response.body.size() <= max_body);
  if (response.body_truncated) Check(response.body.size() == max_body);
  if (head) Check(response.body.empty());
  Check(response.status >= 100 && response.status <= 999);
}

bool SameResult(const HttpResponseParser& a, const HttpResponseParser& b) {
  if (a.state() != b.state()) return false;
  if (a.state() == State::kError) return a.error() == b.error();
  return a.response() == b.response();
}

void ParseAllWays(std::string_view bytes, std::size_t split, std::size_t max_body, bool head,
                  std::size_t max_wire = 0) {
  if (max_wire == 0) max_wire = HttpResponseParser::WireBudget(max_body);
  HttpResponseParser whole(max_body, head, max_wire);
  whole.Feed(bytes);
  whole.Finish();
  CheckSettled(whole, max_body, head);
  // Bytes after the end change nothing.
  const bool was_done = whole.state() == State::kDone;
  const auto body_size = whole.response().body.size();
  whole.Feed("HTTP/1.1 200 OK\r\n\r\nmore");
  Check(whole.Finish() == (was_done ? State::kDone : State::kError));
  Check(whole.response().body.size() == body_size);

  HttpResponseParser parts(max_body, head, max_wire);
  parts.Feed(bytes.substr(0, split));
  parts.Feed(bytes.substr(split));
  parts.Finish();
  CheckSettled(parts, max_body, head);
  HttpResponseParser reference(max_body, head, max_wire);
  reference.Feed(bytes);
  reference.Finish();
  Check(SameResult(parts, reference));

  if (bytes.size() <= kBytewiseMax) {
    HttpResponseParser bytewise(max_body, head, max_wire);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytewise.Feed(bytes.substr(i, 1));
    bytewise.Finish();
    CheckSettled(bytewise, max_body, head);
    Check(SameResult(bytewise, reference));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t split = bytes.size() * data[0] / 255;
  ParseAllWays(bytes, split, 64, false);
  ParseAllWays(bytes, split, 1 << 20, false);
  ParseAllWays(bytes, split, 64, true);
  ParseAllWays(bytes, split, 64, false, /*max_wire=*/256);  // the wire budget ends some parses
  return 0;
}
