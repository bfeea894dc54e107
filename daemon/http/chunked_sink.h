#pragma once

#include <string>
#include <string_view>

#include "common/byte_sink.h"

namespace lde::http {

// Frames what is written as HTTP/1.1 chunked transfer coding (RFC 9112
// 7.1): each Write becomes one chunk ("<hex size>\r\n<bytes>\r\n"), empty
// writes none; Finish writes the last chunk and the empty trailer section.
// Used when a response body is streamed: its length is not known when the
// head is sent.
class ChunkedSink final : public ByteSink {
 public:
  explicit ChunkedSink(ByteSink& out) : out_(out) {}
  void Write(std::string_view bytes) override;
  void Finish();

 private:
  ByteSink& out_;
  std::string frame_;  // reused: size line, bytes, CRLF
};

}  // namespace lde::http
