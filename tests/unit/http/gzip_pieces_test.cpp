#include "http/gzip_pieces.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "support/raw_http/gunzip.h"

namespace lde::http {
namespace {

using lde::testing::Gunzip;

std::string Lines(std::string_view name, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += std::string(name) + "{target=\"t" + std::to_string(i) + "\"} 1\n";
  return text;
}

std::vector<GzipEngine> BuiltEngines() {
  std::vector<GzipEngine> engines{GzipEngine::kZlib};
  if (HasGzipEngine(GzipEngine::kIsal)) engines.push_back(GzipEngine::kIsal);
  return engines;
}

// A piece with its bytes of its own.
struct Piece {
  std::string bytes;
  PieceSum sum;
};

Piece Deflate(GzipPieceDeflater& deflater, std::string_view text) {
  Piece piece;
  piece.sum = deflater.Append(text, piece.bytes);
  return piece;
}

void WritePiece(GzipMemberWriter& writer, const Piece& piece) { writer.WritePiece(piece.bytes, piece.sum); }

class GzipPiecesTest : public ::testing::TestWithParam<GzipEngine> {};

TEST_P(GzipPiecesTest, PiecesAndTextMakeOneMemberOfTheirConcatenation) {
  GzipPieceDeflater deflater(GetParam());
  // Each piece repeats what the text before it holds: a piece that referred
  // to bytes before it would decode to the wrong text.
  const std::string a = Lines("alpha", 300), b = Lines("beta", 5), c = Lines("alpha", 2000);
  const Piece piece_a = Deflate(deflater, a);
  const Piece piece_c = Deflate(deflater, c);
  EXPECT_EQ(piece_a.sum.size, a.size());
  EXPECT_LT(piece_c.bytes.size(), c.size() / 5);

  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  writer.Write(b);
  WritePiece(writer, piece_a);
  writer.Write(a);
  writer.Write(b);
  WritePiece(writer, piece_c);
  WritePiece(writer, piece_a);
  writer.Write(c);
  writer.Finish();
  EXPECT_EQ(Gunzip(member), b + a + a + b + c + a + c);
}

TEST_P(GzipPiecesTest, APieceServesManyMembers) {
  GzipPieceDeflater deflater(GetParam());
  const std::string text = Lines("gamma", 100000);  // several MiB: many output buffers
  const Piece piece = Deflate(deflater, text);
  for (int round = 0; round < 2; ++round) {
    std::string member;
    StringSink sink(member);
    GzipMemberWriter writer(sink, deflater);
    WritePiece(writer, piece);
    writer.Write("tail\n");
    writer.Finish();
    EXPECT_EQ(Gunzip(member), text + "tail\n");
  }
}

TEST_P(GzipPiecesTest, EmptyPiecesAndAnEmptyMemberAreValid) {
  GzipPieceDeflater deflater(GetParam());
  const Piece empty = Deflate(deflater, "");
  EXPECT_TRUE(empty.bytes.empty());
  EXPECT_EQ(empty.sum.size, 0u);

  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  WritePiece(writer, empty);
  writer.Write("");
  writer.Finish();
  EXPECT_EQ(Gunzip(member), "");

  std::string one;
  StringSink one_sink(one);
  GzipMemberWriter one_writer(one_sink, deflater);
  WritePiece(one_writer, empty);
  WritePiece(one_writer, Deflate(deflater, "x\n"));
  WritePiece(one_writer, empty);
  one_writer.Finish();
  EXPECT_EQ(Gunzip(one), "x\n");
}

TEST_P(GzipPiecesTest, ACorruptPieceFailsTheMembersCheck) {
  GzipPieceDeflater deflater(GetParam());
  Piece piece = Deflate(deflater, Lines("delta", 50));
  piece.sum.crc ^= 1;  // the trailer's CRC-32 no longer matches the text
  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  WritePiece(writer, piece);
  writer.Finish();
  EXPECT_THROW(Gunzip(member), std::runtime_error);
}

TEST_P(GzipPiecesTest, APieceMadeOfPartsIsThePieceOfTheirConcatenation) {
  GzipPieceDeflater deflater(GetParam());
  const std::string a = Lines("eta", 700), b = Lines("theta", 3), c = Lines("eta", 900);
  Piece parts;
  deflater.Add(a, parts.bytes);
  deflater.Add("", parts.bytes);
  deflater.Add(b, parts.bytes);
  deflater.Add(c, parts.bytes);
  parts.sum = deflater.End(parts.bytes);
  const Piece whole = Deflate(deflater, a + b + c);
  EXPECT_EQ(parts.sum.crc, whole.sum.crc);
  EXPECT_EQ(parts.sum.size, whole.sum.size);
  // Nothing added: no bytes, and the next piece starts afresh.
  std::string none;
  EXPECT_EQ(deflater.End(none).size, 0u);
  EXPECT_TRUE(none.empty());

  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  writer.Write(c);
  WritePiece(writer, parts);
  WritePiece(writer, whole);
  writer.Finish();
  EXPECT_EQ(Gunzip(member), c + a + b + c + a + b + c);
}

// An answer without compression inflates the pieces a gzip answer sends.
TEST_P(GzipPiecesTest, PiecesInflateBackToTheirText) {
  GzipPieceDeflater deflater(GetParam());
  const std::string big = Lines("iota", 60000);  // megabytes: many output buffers
  const Piece a = Deflate(deflater, big);
  const Piece b = Deflate(deflater, "kappa 1\n");
  const Piece none = Deflate(deflater, "");
  PieceInflater inflater;
  std::string text;
  StringSink sink(text);
  inflater.Inflate(a.bytes, a.sum, sink);
  inflater.Inflate(none.bytes, none.sum, sink);
  inflater.Inflate(b.bytes, b.sum, sink);
  inflater.Inflate(a.bytes, a.sum, sink);
  EXPECT_EQ(text, big + "kappa 1\n" + big);
}

TEST_P(GzipPiecesTest, BytesThatAreNotTheirPieceAreRefused) {
  GzipPieceDeflater deflater(GetParam());
  const Piece piece = Deflate(deflater, Lines("lambda", 500));
  PieceInflater inflater;
  std::string text;
  StringSink sink(text);
  PieceSum longer = piece.sum;
  ++longer.size;
  EXPECT_THROW(inflater.Inflate(piece.bytes, longer, sink), std::runtime_error);
  PieceSum shorter = piece.sum;
  --shorter.size;
  EXPECT_THROW(inflater.Inflate(piece.bytes, shorter, sink), std::runtime_error);
  const std::string cut = piece.bytes.substr(0, piece.bytes.size() / 2);
  EXPECT_THROW(inflater.Inflate(cut, piece.sum, sink), std::runtime_error);
  EXPECT_THROW(inflater.Inflate(std::string(64, '\xff'), piece.sum, sink), std::runtime_error);
  // And it still inflates a good one after.
  text.clear();
  inflater.Inflate(piece.bytes, piece.sum, sink);
  EXPECT_EQ(text, Lines("lambda", 500));
}

INSTANTIATE_TEST_SUITE_P(Engines, GzipPiecesTest, ::testing::ValuesIn(BuiltEngines()), [](const auto& info) {
  return std::string(GzipEngineName(info.param)) == "isa-l" ? "isal" : "zlib";
});

}  // namespace
}  // namespace lde::http
