#include <isa-l/igzip_lib.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "http/gzip_engine.h"

namespace lde::http {
namespace {

// Level 1 with the "small" work buffer: on /metrics text it compresses as
// fast as the default (four times larger) buffer and a little tighter
// (bench/README.md, "A fourth pass").
constexpr std::size_t kLevelBufferBytes = ISAL_DEF_LVL1_SMALL;

class IsalEngine final : public DeflateEngine {
 public:
  explicit IsalEngine(DeflateFormat format) : level_buffer_(kLevelBufferBytes, '\0') {
    isal_deflate_init(&stream_);
    stream_.level = 1;
    stream_.level_buf = reinterpret_cast<std::uint8_t*>(level_buffer_.data());
    stream_.level_buf_size = static_cast<std::uint32_t>(level_buffer_.size());
    stream_.gzip_flag = format == DeflateFormat::kGzip ? IGZIP_GZIP : IGZIP_DEFLATE;
  }
  // The stream points into level_buffer_: never copied.
  IsalEngine(const IsalEngine&) = delete;
  IsalEngine& operator=(const IsalEngine&) = delete;

  void Compress(std::string_view bytes, DeflateFlush flush, std::string& buffer, ByteSink& out) override {
    // avail_in is 32 bits wide: hand over at most that much at a time.
    constexpr std::size_t kMaxIn = std::numeric_limits<std::uint32_t>::max();
    while (bytes.size() > kMaxIn) {
      Deflate(bytes.substr(0, kMaxIn), DeflateFlush::kNone, buffer, out);
      bytes.remove_prefix(kMaxIn);
    }
    Deflate(bytes, flush, buffer, out);
  }

  // Keeps the level, its buffer and the format (isal_deflate_reset does).
  void Reset() override { isal_deflate_reset(&stream_); }

 private:
  void Deflate(std::string_view bytes, DeflateFlush flush, std::string& buffer, ByteSink& out) {
    const bool finish = flush == DeflateFlush::kFinish;
    // igzip's next_in is not const-qualified, but deflate only reads it.
    stream_.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(bytes.data()));
    stream_.avail_in = static_cast<std::uint32_t>(bytes.size());
    stream_.end_of_stream = finish ? 1 : 0;
    stream_.flush = flush == DeflateFlush::kSync ? SYNC_FLUSH : NO_FLUSH;
    for (;;) {
      stream_.next_out = reinterpret_cast<std::uint8_t*>(buffer.data());
      stream_.avail_out = static_cast<std::uint32_t>(buffer.size());
      if (isal_deflate(&stream_) != COMP_OK) throw std::runtime_error("gzip: isal_deflate failed");
      const std::size_t made = buffer.size() - stream_.avail_out;
      if (made > 0) out.Write(std::string_view(buffer.data(), made));
      // It returns when the input is taken or the output is full; at the
      // end of the stream, only once the trailer is out; after a sync
      // flush, once the empty stored block is out and a new block is next.
      if (finish ? stream_.internal_state.state == ZSTATE_END
                 : stream_.avail_in == 0 && stream_.avail_out != 0 &&
                       (flush != DeflateFlush::kSync || stream_.internal_state.state == ZSTATE_NEW_HDR)) {
        return;
      }
    }
  }

  std::string level_buffer_;
  isal_zstream stream_{};
};

}  // namespace

std::unique_ptr<DeflateEngine> MakeIsalEngine(DeflateFormat format) {
  return std::make_unique<IsalEngine>(format);
}

bool IsalEngineBuilt() { return true; }

}  // namespace lde::http
