#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/byte_sink.h"

namespace lde::http {

class DeflateEngine;

// True when an Accept-Encoding value (RFC 9110 12.5.3) accepts gzip:
// "gzip" or "x-gzip" or "*" with a q-value above 0, the most specific entry
// deciding ("*, gzip;q=0" refuses gzip).
bool AcceptsGzip(std::optional<std::string_view> accept_encoding);

// The deflate implementations a build may have. ISA-L's igzip compresses
// /metrics text about four times faster than zlib at level 1, and a little
// tighter (bench/README.md, "A fourth pass"); zlib is always there.
enum class GzipEngine { kIsal, kZlib };

std::string_view GzipEngineName(GzipEngine engine);
// Whether this build has `engine` (ISA-L is optional: libisal-dev).
bool HasGzipEngine(GzipEngine engine);
// ISA-L when built with it, else zlib: what the server uses.
GzipEngine FastestGzipEngine();

// Compresses what is written into one gzip member (RFC 1952) handed to
// `out` as it is made, at a fast level: a scrape is compressed once per
// request, so CPU matters more than ratio. Holds the engine's state (about
// 170 KiB with ISA-L, 270 KiB with zlib) and an output buffer of
// `buffer_bytes`, never the whole input or output. Finish writes the end of
// the member; without it (an exception from `out`, say) the member is left
// incomplete. Throws std::bad_alloc when the engine cannot allocate its
// state, std::invalid_argument for an engine this build lacks.
class GzipSink final : public ByteSink {
 public:
  static constexpr std::size_t kDefaultBufferBytes = 16 * 1024;

  explicit GzipSink(ByteSink& out, GzipEngine engine = FastestGzipEngine(),
                    std::size_t buffer_bytes = kDefaultBufferBytes);
  ~GzipSink() override;
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void Write(std::string_view bytes) override;
  void Finish();

 private:
  ByteSink& out_;
  std::unique_ptr<DeflateEngine> engine_;
  std::string buffer_;
};

// `data` as one gzip member (GzipSink into a string, the fastest engine).
std::string GzipCompress(std::string_view data);

}  // namespace lde::http
