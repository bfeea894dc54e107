#pragma once

// Internal to lde_http: the deflate implementations behind GzipSink.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/byte_sink.h"
#include "http/gzip.h"

namespace lde::http {

enum class DeflateFlush {
  kNone,
  // Ends the output so far on a byte boundary with the history forgotten:
  // what follows decodes without what came before, so output made by
  // another engine may be put in between (GzipSink::Splice).
  kFull,
  // Ends the stream (a final block); nothing may follow.
  kFinish,
};

// Compresses into a raw deflate stream (RFC 1951), a piece at a time;
// GzipSink adds the gzip header and trailer (RFC 1952) around it.
class DeflateEngine {
 public:
  virtual ~DeflateEngine() = default;
  // Compresses `bytes` (all of them), then flushes as `flush` says, and
  // hands what is made to `out` through `buffer`, whose size is the most
  // handed over at once. Throws std::runtime_error when the library fails.
  virtual void Compress(std::string_view bytes, DeflateFlush flush, std::string& buffer, ByteSink& out) = 0;
  // The CRC-32 of gzip's trailer, continued over `bytes` from `crc`
  // (zlib's crc32() convention: 0 to begin).
  virtual std::uint32_t Crc32(std::uint32_t crc, std::string_view bytes) const = 0;
};

// zlib at level 1: always built.
std::unique_ptr<DeflateEngine> MakeZlibEngine();
// ISA-L's igzip at level 1: null when this build has no ISA-L.
std::unique_ptr<DeflateEngine> MakeIsalEngine();
bool IsalEngineBuilt();

// The CRC-32 of two texts one after the other, from theirs and the second's
// length (zlib's crc32_combine).
std::uint32_t CombineCrc32(std::uint32_t first, std::uint32_t second, std::uint64_t second_bytes);

}  // namespace lde::http
