#pragma once

// Internal to lde_http: the deflate implementations behind GzipSink and
// GzipPieceDeflater.

#include <memory>
#include <string>
#include <string_view>

#include "common/byte_sink.h"
#include "http/gzip.h"

namespace lde::http {

// What an engine writes around the deflate data.
enum class DeflateFormat {
  kGzip,  // one gzip member (RFC 1952): header, data, CRC-32 and size
  kRaw,   // deflate data alone (RFC 1951), for pieces of a member made elsewhere
};

// What Compress does once it has taken its input.
enum class DeflateFlush {
  kNone,    // keeps what it may still match against the next input
  kSync,    // ends byte-aligned (an empty stored block), no block final
  kFinish,  // ends the stream (and, for gzip, writes the trailer)
};

// Compresses one stream, a piece at a time, at a fast level.
class DeflateEngine {
 public:
  virtual ~DeflateEngine() = default;
  // Compresses `bytes` (all of them) and hands what is made to `out`
  // through `buffer`, whose size is the most handed over at once. After
  // kFinish nothing may follow but Reset. Throws std::runtime_error when
  // the library fails.
  virtual void Compress(std::string_view bytes, DeflateFlush flush, std::string& buffer, ByteSink& out) = 0;
  // Starts a new stream with no history, keeping the allocated state.
  virtual void Reset() = 0;
};

// zlib at level 1: always built.
std::unique_ptr<DeflateEngine> MakeZlibEngine(DeflateFormat format = DeflateFormat::kGzip);
// ISA-L's igzip at level 1: null when this build has no ISA-L.
std::unique_ptr<DeflateEngine> MakeIsalEngine(DeflateFormat format = DeflateFormat::kGzip);
bool IsalEngineBuilt();
// The engine of `engine`'s kind; throws std::invalid_argument for one this
// build lacks.
std::unique_ptr<DeflateEngine> MakeEngine(GzipEngine engine, DeflateFormat format);

}  // namespace lde::http
