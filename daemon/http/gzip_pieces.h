#pragma once

// One gzip member put together from deflate pieces compressed apart: a
// piece compressed once may be sent in many members. Each piece is raw
// deflate that starts with no history and ends byte-aligned on a sync
// flush, with no final block, so pieces may follow one another in any
// order; the member's trailer takes their CRC-32s combined (zlib's
// crc32_combine), so no byte is read twice.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/byte_sink.h"
#include "http/gzip.h"

namespace lde::http {

class DeflateEngine;

// What the member's trailer needs of a piece: the CRC-32 and the size of
// its text.
struct PieceSum {
  std::uint32_t crc = 0;
  std::uint64_t size = 0;
};

// Compresses texts into pieces, one at a time. Holds one engine's state.
// Throws std::invalid_argument for an engine this build lacks,
// std::runtime_error when the library fails.
class GzipPieceDeflater {
 public:
  explicit GzipPieceDeflater(GzipEngine engine = FastestGzipEngine());
  ~GzipPieceDeflater();
  GzipPieceDeflater(const GzipPieceDeflater&) = delete;
  GzipPieceDeflater& operator=(const GzipPieceDeflater&) = delete;

  // Appends the piece of `text` to `bytes` (nothing for empty text).
  PieceSum Append(std::string_view text, std::string& bytes);

  // The same piece, of text handed over in parts, so that no caller holds
  // a piece's whole text: Add each part, then End, which ends the piece
  // and returns its sum. One piece at a time; `bytes` the same string
  // throughout; a piece of no text is no bytes, as with Append.
  void Add(std::string_view text, std::string& bytes);
  PieceSum End(std::string& bytes);

 private:
  friend class GzipMemberWriter;
  std::unique_ptr<DeflateEngine> engine_;
  std::string buffer_;
  PieceSum adding_;  // of the piece Add is making
};

// Inflates pieces back into their text, for an answer that asked for no
// compression: inflating kept pieces is several times faster than
// rendering their text again (bench/README.md, "A seventeenth pass").
// Holds zlib's inflate state (about 7 KiB and a 32 KiB window) and an
// output buffer.
class PieceInflater {
 public:
  PieceInflater();
  ~PieceInflater();
  PieceInflater(const PieceInflater&) = delete;
  PieceInflater& operator=(const PieceInflater&) = delete;

  // Writes the text of `bytes`, a piece whose sum is `sum`, to `out`.
  // Throws std::runtime_error for bytes that are not such a piece (they do
  // not inflate, or to another size); an exception from `out` passes
  // through.
  void Inflate(std::string_view bytes, PieceSum sum, ByteSink& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string buffer_;
};

// Writes one gzip member to `out`: the header first, then pieces made
// earlier and text compressed as it comes, in the order given, then (at
// Finish) an empty final block and the trailer. Text between two pieces is
// compressed on its own (with `deflater`'s engine, no history), so it never
// refers to a piece's bytes. What it writes is gathered into writes of
// about kOutBytes: a scrape's pieces are a few KiB each. An exception from
// `out` passes through; the member is then incomplete.
class GzipMemberWriter final : public ByteSink {
 public:
  static constexpr std::size_t kOutBytes = 32 * 1024;

  GzipMemberWriter(ByteSink& out, GzipPieceDeflater& deflater);
  GzipMemberWriter(const GzipMemberWriter&) = delete;
  GzipMemberWriter& operator=(const GzipMemberWriter&) = delete;

  // Text, compressed as it comes.
  void Write(std::string_view text) override;
  // A piece Append made: its bytes and its sum.
  void WritePiece(std::string_view bytes, PieceSum sum);
  // Ends the member. Call once; nothing may be written after.
  void Finish();

 private:
  // Ends the text compressed since the last piece, byte-aligned.
  void EndText();

  // Gathers what the member writer and its deflater make.
  class Gathered final : public ByteSink {
   public:
    explicit Gathered(ByteSink& out) : out_(out) {}
    void Write(std::string_view bytes) override;
    void Flush();

   private:
    ByteSink& out_;
    std::string buffer_;
  };

  Gathered out_;
  GzipPieceDeflater& deflater_;
  bool in_text_ = false;
  std::uint32_t crc_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace lde::http
