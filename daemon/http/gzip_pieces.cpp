#include "http/gzip_pieces.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <new>
#include <stdexcept>

#include "http/gzip_engine.h"

namespace lde::http {
namespace {

// RFC 1952: magic, deflate, no flags, no time, no extra flags, unknown OS.
constexpr std::array<char, 10> kGzipHeader{'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, '\xff'};
// A final block of fixed Huffman codes holding only its end code (RFC 1951
// 3.2.6): BFINAL 1, BTYPE 01, then seven zero bits, padded to two bytes.
constexpr std::array<char, 2> kEmptyFinalBlock{3, 0};

// zlib's windowBits for raw deflate (inflateInit2 in zlib.h).
constexpr int kRawWindowBits = -15;
// What PieceInflater hands `out` at most at a time.
constexpr std::size_t kInflateBufferBytes = 32 * 1024;

std::uint32_t Crc32(std::uint32_t crc, std::string_view text) {
  // crc32 takes an unsigned int length: at most that much at a time.
  while (!text.empty()) {
    const std::size_t n = std::min<std::size_t>(text.size(), UINT_MAX);
    crc = static_cast<std::uint32_t>(
        crc32(crc, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(n)));
    text.remove_prefix(n);
  }
  return crc;
}

void AppendLittleEndian32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

}  // namespace

GzipPieceDeflater::GzipPieceDeflater(GzipEngine engine)
    : engine_(MakeEngine(engine, DeflateFormat::kRaw)), buffer_(GzipSink::kDefaultBufferBytes, '\0') {}

GzipPieceDeflater::~GzipPieceDeflater() = default;

PieceSum GzipPieceDeflater::Append(std::string_view text, std::string& bytes) {
  Add(text, bytes);
  return End(bytes);
}

void GzipPieceDeflater::Add(std::string_view text, std::string& bytes) {
  if (text.empty()) return;
  if (adding_.size == 0) engine_->Reset();  // a piece refers to nothing before it
  StringSink sink(bytes);
  engine_->Compress(text, DeflateFlush::kNone, buffer_, sink);
  adding_.crc = Crc32(adding_.crc, text);
  adding_.size += text.size();
}

PieceSum GzipPieceDeflater::End(std::string& bytes) {
  const PieceSum sum = adding_;
  if (sum.size == 0) return {};
  adding_ = {};
  StringSink sink(bytes);
  engine_->Compress({}, DeflateFlush::kSync, buffer_, sink);
  return sum;
}

struct PieceInflater::State {
  State() {
    if (inflateInit2(&z, kRawWindowBits) != Z_OK) throw std::bad_alloc();
  }
  ~State() { inflateEnd(&z); }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  z_stream z{};
};

PieceInflater::PieceInflater() : state_(std::make_unique<State>()), buffer_(kInflateBufferBytes, '\0') {}

PieceInflater::~PieceInflater() = default;

void PieceInflater::Inflate(std::string_view bytes, PieceSum sum, ByteSink& out) {
  if (bytes.empty() && sum.size == 0) return;
  z_stream& z = state_->z;
  if (inflateReset(&z) != Z_OK) throw std::runtime_error("gzip: inflateReset failed");
  std::uint64_t made = 0;
  while (!bytes.empty()) {
    // avail_in is an unsigned int: at most that much at a time.
    const std::size_t take = std::min<std::size_t>(bytes.size(), UINT_MAX);
    // zlib's next_in is not const-qualified, but inflate only reads it.
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(take);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer_.data());
      z.avail_out = static_cast<uInt>(buffer_.size());
      const int rc = inflate(&z, Z_SYNC_FLUSH);
      const std::size_t n = buffer_.size() - z.avail_out;
      made += n;
      // A piece has no final block: the end of the stream is not one.
      if (rc != Z_OK && rc != Z_BUF_ERROR) throw std::runtime_error("gzip: a kept piece does not inflate");
      if (made > sum.size) throw std::runtime_error("gzip: a kept piece inflates past its size");
      if (n > 0) out.Write(std::string_view(buffer_.data(), n));
      if (rc == Z_BUF_ERROR && n == 0) break;  // no progress: all of the input is taken
    } while (z.avail_in > 0 || z.avail_out == 0);
    bytes.remove_prefix(take - z.avail_in);
    if (z.avail_in > 0) throw std::runtime_error("gzip: a kept piece does not inflate");
  }
  if (made != sum.size) throw std::runtime_error("gzip: a kept piece inflates to another size");
}

GzipMemberWriter::GzipMemberWriter(ByteSink& out, GzipPieceDeflater& deflater)
    : out_(out), deflater_(deflater) {
  out_.Write(std::string_view(kGzipHeader.data(), kGzipHeader.size()));
}

void GzipMemberWriter::Write(std::string_view text) {
  if (text.empty()) return;
  if (!in_text_) {
    deflater_.engine_->Reset();  // refers to nothing before: a piece may be there
    in_text_ = true;
  }
  crc_ = Crc32(crc_, text);  // continues the member's CRC over the text
  size_ += text.size();
  deflater_.engine_->Compress(text, DeflateFlush::kNone, deflater_.buffer_, out_);
}

void GzipMemberWriter::WritePiece(std::string_view bytes, PieceSum sum) {
  if (sum.size == 0) return;
  EndText();
  crc_ = static_cast<std::uint32_t>(crc32_combine(crc_, sum.crc, static_cast<z_off_t>(sum.size)));
  size_ += sum.size;
  out_.Write(bytes);
}

void GzipMemberWriter::Finish() {
  EndText();
  std::string tail(kEmptyFinalBlock.data(), kEmptyFinalBlock.size());
  AppendLittleEndian32(tail, crc_);
  AppendLittleEndian32(tail, static_cast<std::uint32_t>(size_));  // ISIZE: the size modulo 2^32
  out_.Write(tail);
  out_.Flush();
}

void GzipMemberWriter::Gathered::Write(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > kOutBytes) Flush();
  if (bytes.size() >= kOutBytes) {
    out_.Write(bytes);  // large enough alone: not copied
    return;
  }
  buffer_.append(bytes);
}

void GzipMemberWriter::Gathered::Flush() {
  if (buffer_.empty()) return;
  out_.Write(buffer_);
  buffer_.clear();
}

void GzipMemberWriter::EndText() {
  if (!in_text_) return;
  deflater_.engine_->Compress({}, DeflateFlush::kSync, deflater_.buffer_, out_);
  in_text_ = false;
}

}  // namespace lde::http
