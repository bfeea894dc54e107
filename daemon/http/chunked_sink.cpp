#include "http/chunked_sink.h"

#include <charconv>

namespace lde::http {

void ChunkedSink::Write(std::string_view bytes) {
  if (bytes.empty()) return;  // an empty chunk would end the body
  char size[2 * sizeof(std::size_t)];
  const auto end = std::to_chars(size, size + sizeof size, bytes.size(), 16).ptr;
  // One write per chunk, so the pipe below sees whole frames.
  frame_.assign(size, end).append("\r\n").append(bytes).append("\r\n");
  out_.Write(frame_);
}

void ChunkedSink::Finish() { out_.Write("0\r\n\r\n"); }

}  // namespace lde::http
