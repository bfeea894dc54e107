#include <zlib.h>

#include <climits>
#include <new>
#include <stdexcept>

#include "http/gzip_engine.h"

namespace lde::http {
namespace {

// zlib's windowBits for a raw deflate stream, no wrapper (-15, see
// deflateInit2 in zlib.h): GzipSink writes the gzip header and trailer.
constexpr int kRawWindowBits = -15;
constexpr int kMemLevel = 8;  // zlib's default

int ZlibFlush(DeflateFlush flush) {
  switch (flush) {
    case DeflateFlush::kNone:
      return Z_NO_FLUSH;
    case DeflateFlush::kFull:
      return Z_FULL_FLUSH;
    case DeflateFlush::kFinish:
      return Z_FINISH;
  }
  return Z_NO_FLUSH;
}

class ZlibEngine final : public DeflateEngine {
 public:
  ZlibEngine() {
    if (deflateInit2(&z_, /*level=*/1, Z_DEFLATED, kRawWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::bad_alloc();
    }
  }
  ~ZlibEngine() override { deflateEnd(&z_); }
  ZlibEngine(const ZlibEngine&) = delete;
  ZlibEngine& operator=(const ZlibEngine&) = delete;

  void Compress(std::string_view bytes, DeflateFlush flush, std::string& buffer, ByteSink& out) override {
    // avail_in is an unsigned int: hand over at most that much at a time.
    while (bytes.size() > UINT_MAX) {
      Deflate(bytes.substr(0, UINT_MAX), Z_NO_FLUSH, buffer, out);
      bytes.remove_prefix(UINT_MAX);
    }
    Deflate(bytes, ZlibFlush(flush), buffer, out);
  }

  std::uint32_t Crc32(std::uint32_t crc, std::string_view bytes) const override {
    while (!bytes.empty()) {
      const std::size_t n = std::min<std::size_t>(bytes.size(), UINT_MAX);
      crc = static_cast<std::uint32_t>(
          crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(n)));
      bytes.remove_prefix(n);
    }
    return crc;
  }

 private:
  void Deflate(std::string_view bytes, int flush, std::string& buffer, ByteSink& out) {
    // zlib's next_in is not const-qualified, but deflate only reads it.
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z_.avail_in = static_cast<uInt>(bytes.size());
    for (;;) {
      z_.next_out = reinterpret_cast<Bytef*>(buffer.data());
      z_.avail_out = static_cast<uInt>(buffer.size());
      const int rc = deflate(&z_, flush);
      const std::size_t made = buffer.size() - z_.avail_out;
      if (made > 0) out.Write(std::string_view(buffer.data(), made));
      if (rc == Z_STREAM_END) return;
      // Z_BUF_ERROR: no progress possible, i.e. all input taken and nothing
      // more to emit now.
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("gzip: deflate failed");
      // Done once the input is taken and the output was not filled (a flush
      // that filled it may have more to write: zlib.h asks for another call).
      if (flush != Z_FINISH && z_.avail_in == 0 && z_.avail_out != 0) return;
    }
  }

  z_stream z_{};
};

}  // namespace

std::unique_ptr<DeflateEngine> MakeZlibEngine() { return std::make_unique<ZlibEngine>(); }

std::uint32_t CombineCrc32(std::uint32_t first, std::uint32_t second, std::uint64_t second_bytes) {
  return static_cast<std::uint32_t>(crc32_combine(first, second, static_cast<z_off_t>(second_bytes)));
}

}  // namespace lde::http
