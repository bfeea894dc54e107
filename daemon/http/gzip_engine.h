#pragma once

// Internal to lde_http: the deflate implementations behind GzipSink.

#include <memory>
#include <string>
#include <string_view>

#include "common/byte_sink.h"
#include "http/gzip.h"

namespace lde::http {

// Compresses into one gzip member (RFC 1952), a piece at a time.
class DeflateEngine {
 public:
  virtual ~DeflateEngine() = default;
  // Compresses `bytes` (all of them) and hands what is made to `out`
  // through `buffer`, whose size is the most handed over at once. With
  // `finish`, also ends the member (the trailer included); nothing may
  // follow. Throws std::runtime_error when the library fails.
  virtual void Compress(std::string_view bytes, bool finish, std::string& buffer, ByteSink& out) = 0;
};

// zlib at level 1: always built.
std::unique_ptr<DeflateEngine> MakeZlibEngine();
// ISA-L's igzip at level 1: null when this build has no ISA-L.
std::unique_ptr<DeflateEngine> MakeIsalEngine();
bool IsalEngineBuilt();

}  // namespace lde::http
