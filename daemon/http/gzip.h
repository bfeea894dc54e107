#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/byte_sink.h"

namespace lde::http {

// True when an Accept-Encoding value (RFC 9110 12.5.3) accepts gzip:
// "gzip" or "x-gzip" or "*" with a q-value above 0, the most specific entry
// deciding ("*, gzip;q=0" refuses gzip).
bool AcceptsGzip(std::optional<std::string_view> accept_encoding);

// Compresses what is written into one gzip member (RFC 1952) handed to
// `out` as it is made, at a fast level: a scrape is compressed once per
// request, so CPU matters more than ratio. Holds zlib's state (about
// 270 KiB) and an output buffer of `buffer_bytes`, never the whole input
// or output. Finish writes the end of the member; without it (an exception
// from `out`, say) the member is left incomplete. Throws std::bad_alloc
// when zlib cannot allocate its state.
class GzipSink final : public ByteSink {
 public:
  static constexpr std::size_t kDefaultBufferBytes = 16 * 1024;

  explicit GzipSink(ByteSink& out, std::size_t buffer_bytes = kDefaultBufferBytes);
  ~GzipSink() override;
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void Write(std::string_view bytes) override;
  void Finish();

 private:
  struct State;
  void Deflate(std::string_view bytes, int flush);

  ByteSink& out_;
  std::unique_ptr<State> state_;
  std::string buffer_;
};

// `data` as one gzip member (GzipSink into a string).
std::string GzipCompress(std::string_view data);

}  // namespace lde::http
