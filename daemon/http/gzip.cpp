#include "http/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <new>
#include <stdexcept>

#include "common/ascii.h"
#include "common/http_syntax.h"
#include "http/accept.h"

namespace lde::http {
namespace {

// zlib's windowBits for a gzip wrapper (15 + 16, see deflateInit2 in zlib.h).
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemLevel = 8;  // zlib's default

}  // namespace

bool AcceptsGzip(std::optional<std::string_view> accept_encoding) {
  if (!accept_encoding) return false;
  std::optional<double> gzip_q, star_q;
  std::string_view rest = *accept_encoding;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = TrimOws(rest.substr(0, comma));
    auto semi = item.find(';');
    std::string_view coding = TrimOws(item.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : QValue(item.substr(semi + 1));
    if (EqualsIgnoreAsciiCase(coding, "gzip") || EqualsIgnoreAsciiCase(coding, "x-gzip"))
      gzip_q = q;
    else if (coding == "*")
      star_q = q;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (gzip_q) return *gzip_q > 0;
  return star_q && *star_q > 0;
}

struct GzipSink::State {
  z_stream z{};
};

GzipSink::GzipSink(ByteSink& out, std::size_t buffer_bytes)
    : out_(out), state_(std::make_unique<State>()), buffer_(std::max<std::size_t>(buffer_bytes, 64), '\0') {
  if (deflateInit2(&state_->z, /*level=*/1, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::bad_alloc();
  }
}

GzipSink::~GzipSink() { deflateEnd(&state_->z); }

void GzipSink::Write(std::string_view bytes) {
  // avail_in is an unsigned int: hand over at most that much at a time.
  while (bytes.size() > UINT_MAX) {
    Deflate(bytes.substr(0, UINT_MAX), Z_NO_FLUSH);
    bytes.remove_prefix(UINT_MAX);
  }
  Deflate(bytes, Z_NO_FLUSH);
}

void GzipSink::Finish() { Deflate({}, Z_FINISH); }

void GzipSink::Deflate(std::string_view bytes, int flush) {
  z_stream& z = state_->z;
  // zlib's next_in is not const-qualified, but deflate only reads it.
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buffer_.data());
    z.avail_out = static_cast<uInt>(buffer_.size());
    const int rc = deflate(&z, flush);
    const std::size_t made = buffer_.size() - z.avail_out;
    if (made > 0) out_.Write(std::string_view(buffer_.data(), made));
    if (rc == Z_STREAM_END) return;
    // Z_BUF_ERROR: no progress possible, i.e. all input taken and, without
    // Z_FINISH, nothing more to emit now.
    if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("gzip: deflate failed");
    if (flush != Z_FINISH && z.avail_in == 0 && z.avail_out != 0) return;
  }
}

std::string GzipCompress(std::string_view data) {
  std::string out;
  StringSink sink(out);
  GzipSink gzip(sink);
  gzip.Write(data);
  gzip.Finish();
  return out;
}

}  // namespace lde::http
