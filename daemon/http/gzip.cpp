#include "http/gzip.h"

#include <algorithm>
#include <stdexcept>
#include <string>

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

std::unique_ptr<DeflateEngine> MakeEngine(GzipEngine engine, DeflateFormat format) {
  auto made = engine == GzipEngine::kIsal ? MakeIsalEngine(format) : MakeZlibEngine(format);
  if (!made) throw std::invalid_argument("gzip: this build has no " + std::string(GzipEngineName(engine)));
  return made;
}

GzipSink::GzipSink(ByteSink& out, GzipEngine engine, std::size_t buffer_bytes)
    : out_(out),
      engine_(MakeEngine(engine, DeflateFormat::kGzip)),
      buffer_(std::max<std::size_t>(buffer_bytes, 64), '\0') {}

GzipSink::~GzipSink() = default;

void GzipSink::Write(std::string_view bytes) { engine_->Compress(bytes, DeflateFlush::kNone, buffer_, out_); }

void GzipSink::Finish() { engine_->Compress({}, DeflateFlush::kFinish, buffer_, out_); }

std::string GzipCompress(std::string_view data) {
  std::string out;
  StringSink sink(out);
  GzipSink gzip(sink);
  gzip.Write(data);
  gzip.Finish();
  return out;
}

}  // namespace lde::http
