#pragma once

#include <string>
#include <string_view>

namespace lde {

// Where a producer puts bytes as it makes them: a response body on its way
// to a socket, or a string. Write may block (the reader is slow: back
// pressure) and may throw to abandon the producer (the reader went away);
// a producer lets such an exception pass and holds nothing that needs it
// to finish.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void Write(std::string_view bytes) = 0;
};

// Appends to a string the caller owns.
class StringSink final : public ByteSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  void Write(std::string_view bytes) override { out_.append(bytes); }

 private:
  std::string& out_;
};

}  // namespace lde
