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

class GzipPiecesTest : public ::testing::TestWithParam<GzipEngine> {};

TEST_P(GzipPiecesTest, PiecesAndTextMakeOneMemberOfTheirConcatenation) {
  GzipPieceDeflater deflater(GetParam());
  // Each piece repeats what the text before it holds: a piece that referred
  // to bytes before it would decode to the wrong text.
  const std::string a = Lines("alpha", 300), b = Lines("beta", 5), c = Lines("alpha", 2000);
  const DeflatedPiece piece_a = deflater.Deflate(a);
  const DeflatedPiece piece_c = deflater.Deflate(c);
  EXPECT_EQ(piece_a.size, a.size());
  EXPECT_LT(piece_c.bytes.size(), c.size() / 5);

  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  writer.Write(b);
  writer.WritePiece(piece_a);
  writer.Write(a);
  writer.Write(b);
  writer.WritePiece(piece_c);
  writer.WritePiece(piece_a);
  writer.Write(c);
  writer.Finish();
  EXPECT_EQ(Gunzip(member), b + a + a + b + c + a + c);
}

TEST_P(GzipPiecesTest, APieceServesManyMembers) {
  GzipPieceDeflater deflater(GetParam());
  const std::string text = Lines("gamma", 100000);  // several MiB: many output buffers
  const DeflatedPiece piece = deflater.Deflate(text);
  for (int round = 0; round < 2; ++round) {
    std::string member;
    StringSink sink(member);
    GzipMemberWriter writer(sink, deflater);
    writer.WritePiece(piece);
    writer.Write("tail\n");
    writer.Finish();
    EXPECT_EQ(Gunzip(member), text + "tail\n");
  }
}

TEST_P(GzipPiecesTest, EmptyPiecesAndAnEmptyMemberAreValid) {
  GzipPieceDeflater deflater(GetParam());
  const DeflatedPiece empty = deflater.Deflate("");
  EXPECT_TRUE(empty.bytes.empty());
  EXPECT_EQ(empty.size, 0u);

  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  writer.WritePiece(empty);
  writer.Write("");
  writer.Finish();
  EXPECT_EQ(Gunzip(member), "");

  std::string one;
  StringSink one_sink(one);
  GzipMemberWriter one_writer(one_sink, deflater);
  one_writer.WritePiece(empty);
  one_writer.WritePiece(deflater.Deflate("x\n"));
  one_writer.WritePiece(empty);
  one_writer.Finish();
  EXPECT_EQ(Gunzip(one), "x\n");
}

TEST_P(GzipPiecesTest, ACorruptPieceFailsTheMembersCheck) {
  GzipPieceDeflater deflater(GetParam());
  DeflatedPiece piece = deflater.Deflate(Lines("delta", 50));
  piece.crc ^= 1;  // the trailer's CRC-32 no longer matches the text
  std::string member;
  StringSink sink(member);
  GzipMemberWriter writer(sink, deflater);
  writer.WritePiece(piece);
  writer.Finish();
  EXPECT_THROW(Gunzip(member), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(Engines, GzipPiecesTest, ::testing::ValuesIn(BuiltEngines()), [](const auto& info) {
  return std::string(GzipEngineName(info.param)) == "isa-l" ? "isal" : "zlib";
});

}  // namespace
}  // namespace lde::http
