#pragma once

// Internal to lde_http: hands a streamed response body from the worker that
// writes it to the event loop that sends it, a bounded buffer at a time.

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/byte_sink.h"

namespace lde::http {

// Thrown by BodyPipe::Write once the reader has gone: it unwinds the
// producer, which then gives its thread back.
class StreamAbandoned final : public std::exception {
 public:
  const char* what() const noexcept override { return "response stream abandoned by its reader"; }
};

// A producer (worker thread) writes; the reader (event loop) takes what is
// buffered. At most `capacity` bytes wait in the pipe: a producer faster
// than the client blocks in Write, so a scrape never holds more than this
// plus the buffer being sent, whatever the size of the text. The reader
// never blocks: when nothing is buffered it is told kEmpty, and
// `wake_reader` runs (on the producer's thread) once there is something.
// Thread-safe between one producer and one reader.
class BodyPipe final : public ByteSink {
 public:
  enum class Take {
    kData,    // `out` holds the next bytes
    kEmpty,   // nothing yet; wake_reader will run when there is
    kEnd,     // the producer closed the stream and everything was taken
    kFailed,  // the producer failed: the body is incomplete
  };

  BodyPipe(std::size_t capacity, std::function<void()> wake_reader);
  BodyPipe(const BodyPipe&) = delete;
  BodyPipe& operator=(const BodyPipe&) = delete;

  // Producer side. Write blocks while the pipe is full and throws
  // StreamAbandoned once the reader has abandoned it.
  void Write(std::string_view bytes) override;
  void Close();
  void Fail();

  // Reader side. TakeInto replaces `out` with the buffered bytes (handing
  // `out`'s capacity to the producer for reuse).
  Take TakeInto(std::string& out);
  void Abandon();

 private:
  void WakeReaderLocked(std::unique_lock<std::mutex>& lock);

  const std::size_t capacity_;
  const std::function<void()> wake_reader_;
  std::mutex mutex_;
  std::condition_variable space_;
  std::string buffer_;
  bool reader_waiting_ = false;
  bool closed_ = false;
  bool failed_ = false;
  bool abandoned_ = false;
};

// The reading end of a pipe, owned by whoever will send the body: its
// destruction abandons the pipe, so a producer never waits for a reader
// that is gone, however it went (connection closed or timed out, answer
// dropped, server stopped).
class BodyReader {
 public:
  explicit BodyReader(std::shared_ptr<BodyPipe> pipe) : pipe_(std::move(pipe)) {}
  ~BodyReader() { pipe_->Abandon(); }
  BodyReader(const BodyReader&) = delete;
  BodyReader& operator=(const BodyReader&) = delete;

  BodyPipe::Take TakeInto(std::string& out) { return pipe_->TakeInto(out); }

 private:
  std::shared_ptr<BodyPipe> pipe_;
};

}  // namespace lde::http
