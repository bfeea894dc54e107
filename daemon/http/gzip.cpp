#include "http/gzip.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "common/ascii.h"
#include "common/http_syntax.h"
#include "http/accept.h"
#include "http/gzip_engine.h"

namespace lde::http {

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

std::string_view GzipEngineName(GzipEngine engine) {
  switch (engine) {
    case GzipEngine::kIsal:
      return "isa-l";
    case GzipEngine::kZlib:
      return "zlib";
  }
  return "zlib";
}

bool HasGzipEngine(GzipEngine engine) { return engine == GzipEngine::kZlib || IsalEngineBuilt(); }

GzipEngine FastestGzipEngine() {
  return HasGzipEngine(GzipEngine::kIsal) ? GzipEngine::kIsal : GzipEngine::kZlib;
}

namespace {

// RFC 1952: magic, deflate, no flags, no time, no extra flags, OS unknown.
constexpr char kGzipHeader[] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};

std::unique_ptr<DeflateEngine> MakeEngine(GzipEngine engine) {
  std::unique_ptr<DeflateEngine> made = engine == GzipEngine::kIsal ? MakeIsalEngine() : MakeZlibEngine();
  if (!made) throw std::invalid_argument("gzip: this build has no " + std::string(GzipEngineName(engine)));
  return made;
}

void AppendLittleEndian32(std::string& out, std::uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((value >> shift) & 0xff));
}

struct DeflatedSegment final : Segment {
  std::string bytes;  // whole deflate blocks, byte-aligned, history-independent
  std::uint32_t crc = 0;
  std::uint64_t text_bytes = 0;
};

class DeflatedSegmentWriter final : public SegmentWriter {
 public:
  DeflatedSegmentWriter(GzipEngine engine, std::size_t buffer_bytes)
      : engine_(MakeEngine(engine)),
        buffer_(buffer_bytes, '\0'),
        segment_(std::make_unique<DeflatedSegment>()) {}

  void Write(std::string_view bytes) override {
    if (bytes.empty()) return;
    StringSink sink(segment_->bytes);
    engine_->Compress(bytes, DeflateFlush::kNone, buffer_, sink);
    segment_->crc = engine_->Crc32(segment_->crc, bytes);
    segment_->text_bytes += bytes.size();
  }

  std::unique_ptr<Segment> Cut() override {
    if (segment_->text_bytes > 0) {
      StringSink sink(segment_->bytes);
      engine_->Compress({}, DeflateFlush::kFull, buffer_, sink);
    }
    // Held until spliced: without the slack of its growth by doubling.
    segment_->bytes.shrink_to_fit();
    return std::exchange(segment_, std::make_unique<DeflatedSegment>());
  }

 private:
  std::unique_ptr<DeflateEngine> engine_;
  std::string buffer_;
  std::unique_ptr<DeflatedSegment> segment_;
};

}  // namespace

GzipSink::GzipSink(ByteSink& out, GzipEngine engine, std::size_t buffer_bytes)
    : out_(out),
      engine_kind_(engine),
      engine_(MakeEngine(engine)),
      buffer_(std::max<std::size_t>(buffer_bytes, 64), '\0') {}

GzipSink::~GzipSink() = default;

void GzipSink::Start() {
  if (started_) return;
  started_ = true;
  out_.Write(std::string_view(kGzipHeader, sizeof kGzipHeader));
}

void GzipSink::Write(std::string_view bytes) {
  if (bytes.empty()) return;
  Start();
  engine_->Compress(bytes, DeflateFlush::kNone, buffer_, out_);
  crc_ = engine_->Crc32(crc_, bytes);
  text_bytes_ += bytes.size();
  unflushed_ = true;
}

std::unique_ptr<SegmentWriter> GzipSink::NewSegmentWriter() {
  return std::make_unique<DeflatedSegmentWriter>(engine_kind_, buffer_.size());
}

void GzipSink::Splice(std::unique_ptr<Segment> segment) {
  auto* deflated = dynamic_cast<DeflatedSegment*>(segment.get());
  if (!deflated) throw std::invalid_argument("gzip: not a segment of a gzip sink");
  if (deflated->text_bytes == 0) return;
  Start();
  // Our blocks so far end on a byte boundary, and what we write next must
  // not refer back across the segment.
  if (unflushed_) engine_->Compress({}, DeflateFlush::kFull, buffer_, out_);
  unflushed_ = false;
  // In pieces of the buffer's size, as everything this sink hands over.
  std::string_view bytes = deflated->bytes;
  while (!bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), buffer_.size());
    out_.Write(bytes.substr(0, n));
    bytes.remove_prefix(n);
  }
  crc_ = CombineCrc32(crc_, deflated->crc, deflated->text_bytes);
  text_bytes_ += deflated->text_bytes;
}

void GzipSink::Finish() {
  Start();
  engine_->Compress({}, DeflateFlush::kFinish, buffer_, out_);
  std::string trailer;
  AppendLittleEndian32(trailer, crc_);
  AppendLittleEndian32(trailer, static_cast<std::uint32_t>(text_bytes_));  // ISIZE: the length mod 2^32
  out_.Write(trailer);
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
