#include <zlib.h>

#include <climits>
#include <new>
#include <stdexcept>

#include "http/gzip_engine.h"

namespace lde::http {
namespace {

// zlib's windowBits (deflateInit2 in zlib.h): 15 for a 32 KiB window, plus
// 16 for a gzip wrapper, negated for raw deflate.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kRawWindowBits = -15;
constexpr int kMemLevel = 8;  // zlib's default

int ZlibFlush(DeflateFlush flush) {
  switch (flush) {
    case DeflateFlush::kNone:
      return Z_NO_FLUSH;
    case DeflateFlush::kSync:
      return Z_SYNC_FLUSH;
    case DeflateFlush::kFinish:
      return Z_FINISH;
  }
  return Z_NO_FLUSH;
}

class ZlibEngine final : public DeflateEngine {
 public:
  explicit ZlibEngine(DeflateFormat format) {
    const int window_bits = format == DeflateFormat::kGzip ? kGzipWindowBits : kRawWindowBits;
    if (deflateInit2(&z_, /*level=*/1, Z_DEFLATED, window_bits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
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

  void Reset() override {
    if (deflateReset(&z_) != Z_OK) throw std::runtime_error("gzip: deflateReset failed");
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
      // Z_BUF_ERROR: no progress possible, i.e. all input taken and, without
      // Z_FINISH, nothing more to emit now.
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("gzip: deflate failed");
      // A flush is done once deflate leaves room in the output.
      if (flush != Z_FINISH && z_.avail_in == 0 && z_.avail_out != 0) return;
    }
  }

  z_stream z_{};
};

}  // namespace

std::unique_ptr<DeflateEngine> MakeZlibEngine(DeflateFormat format) {
  return std::make_unique<ZlibEngine>(format);
}

}  // namespace lde::http
