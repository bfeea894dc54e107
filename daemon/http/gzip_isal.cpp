#include <isa-l/crc.h>
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

std::uint16_t IsalFlush(DeflateFlush flush) { return flush == DeflateFlush::kFull ? FULL_FLUSH : NO_FLUSH; }

class IsalEngine final : public DeflateEngine {
 public:
  IsalEngine() : level_buffer_(kLevelBufferBytes, '\0') {
    isal_deflate_init(&stream_);
    stream_.level = 1;
    stream_.level_buf = reinterpret_cast<std::uint8_t*>(level_buffer_.data());
    stream_.level_buf_size = static_cast<std::uint32_t>(level_buffer_.size());
    stream_.gzip_flag = IGZIP_DEFLATE;  // raw: GzipSink frames it
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

  std::uint32_t Crc32(std::uint32_t crc, std::string_view bytes) const override {
    return crc32_gzip_refl(crc, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  }

 private:
  void Deflate(std::string_view bytes, DeflateFlush flush, std::string& buffer, ByteSink& out) {
    // igzip's next_in is not const-qualified, but deflate only reads it.
    stream_.next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(bytes.data()));
    stream_.avail_in = static_cast<std::uint32_t>(bytes.size());
    stream_.end_of_stream = flush == DeflateFlush::kFinish ? 1 : 0;
    stream_.flush = IsalFlush(flush);
    for (;;) {
      stream_.next_out = reinterpret_cast<std::uint8_t*>(buffer.data());
      stream_.avail_out = static_cast<std::uint32_t>(buffer.size());
      if (isal_deflate(&stream_) != COMP_OK) throw std::runtime_error("gzip: isal_deflate failed");
      const std::size_t made = buffer.size() - stream_.avail_out;
      if (made > 0) out.Write(std::string_view(buffer.data(), made));
      // It returns when the input is taken or the output is full; a flush
      // is complete once it returns with room left in the output
      // (igzip_lib.h); the end of the stream, once its state says so.
      if (flush == DeflateFlush::kFinish ? stream_.internal_state.state == ZSTATE_END
                                         : stream_.avail_in == 0 && stream_.avail_out != 0) {
        return;
      }
    }
  }

  std::string level_buffer_;
  isal_zstream stream_{};
};

}  // namespace

std::unique_ptr<DeflateEngine> MakeIsalEngine() { return std::make_unique<IsalEngine>(); }

bool IsalEngineBuilt() { return true; }

}  // namespace lde::http
