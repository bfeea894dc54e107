#include "http/gzip.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "support/raw_http/gunzip.h"

namespace lde::http {
namespace {

using lde::testing::Gunzip;

std::string MetricsLikeText(int lines) {
  std::string text;
  for (int i = 0; i < lines; ++i) text += "probe_success{target=\"t" + std::to_string(i % 50) + "\"} 1\n";
  return text;
}

TEST(GzipTest, RoundTripsAndShrinksRepetitiveText) {
  const std::string text = MetricsLikeText(2000);
  std::string packed = GzipCompress(text);
  ASSERT_GE(packed.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);  // RFC 1952 magic
  EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
  EXPECT_LT(packed.size(), text.size() / 5);
  EXPECT_EQ(Gunzip(packed), text);
  EXPECT_EQ(Gunzip(GzipCompress("")), "");
}

std::string CompressWith(GzipEngine engine, std::string_view text) {
  std::string out;
  StringSink sink(out);
  GzipSink gzip(sink, engine);
  gzip.Write(text);
  gzip.Finish();
  return out;
}

TEST(GzipTest, TheServerUsesIsaLWhenTheBuildHasIt) {
  EXPECT_TRUE(HasGzipEngine(GzipEngine::kZlib));
  if (!HasGzipEngine(GzipEngine::kIsal)) {
    EXPECT_EQ(FastestGzipEngine(), GzipEngine::kZlib);
    std::string out;
    StringSink sink(out);
    EXPECT_THROW(GzipSink(sink, GzipEngine::kIsal), std::invalid_argument);
    GTEST_SKIP() << "built without ISA-L (libisal-dev): zlib compresses every answer";
  }
  EXPECT_EQ(FastestGzipEngine(), GzipEngine::kIsal);
  // What an answer is compressed with (GzipSink's default, GzipCompress) is
  // ISA-L's output byte for byte, not zlib's: the two engines' streams differ.
  const std::string text = MetricsLikeText(2000);
  const std::string isal = CompressWith(GzipEngine::kIsal, text);
  ASSERT_NE(isal, CompressWith(GzipEngine::kZlib, text));
  EXPECT_EQ(GzipCompress(text), isal);
}

// Every engine this build has makes the same text, whatever the pieces it
// is written in and however small the buffer it hands its output through.
class GzipEngineTest : public ::testing::TestWithParam<GzipEngine> {
 protected:
  void SetUp() override {
    if (!HasGzipEngine(GetParam())) GTEST_SKIP() << GzipEngineName(GetParam()) << " not in this build";
  }

  // Compresses `text` written `piece` bytes at a time through a buffer of
  // `buffer` bytes; counts the writes to the output.
  std::string Compress(std::string_view text, std::size_t piece, std::size_t buffer, int* writes = nullptr) {
    struct CountingSink final : ByteSink {
      std::string out;
      int writes = 0;
      std::size_t largest = 0;
      void Write(std::string_view bytes) override {
        out.append(bytes);
        ++writes;
        largest = std::max(largest, bytes.size());
      }
    } sink;
    GzipSink gzip(sink, GetParam(), buffer);
    for (std::size_t at = 0; at < text.size(); at += piece) gzip.Write(text.substr(at, piece));
    gzip.Finish();
    EXPECT_LE(sink.largest, std::max<std::size_t>(buffer, 64));
    if (writes) *writes = sink.writes;
    return sink.out;
  }
};

TEST_P(GzipEngineTest, RoundTripsWhateverThePieces) {
  const std::string text = MetricsLikeText(20000);  // about 620 KB
  for (std::size_t piece : {std::size_t{1} << 20, std::size_t{32} * 1024, std::size_t{7}}) {
    SCOPED_TRACE(piece);
    const std::string packed = Compress(text, piece, GzipSink::kDefaultBufferBytes);
    EXPECT_LT(packed.size(), text.size() / 5);
    EXPECT_EQ(Gunzip(packed), text);
  }
}

TEST_P(GzipEngineTest, EmptyInputIsAValidEmptyMember) {
  EXPECT_EQ(Gunzip(Compress("", 1, GzipSink::kDefaultBufferBytes)), "");
}

TEST_P(GzipEngineTest, OutputGoesOutAsItIsMadeThroughTheBuffer) {
  // Text that barely compresses, so the output is large: it must go out in
  // many writes of at most the buffer's size, never held whole.
  std::string noise;
  std::uint32_t x = 12345;
  for (int i = 0; i < 300000; ++i) {
    x = x * 1103515245u + 12345u;
    noise.push_back(static_cast<char>(x >> 24));
  }
  int writes = 0;
  const std::string packed = Compress(noise, 4096, 1024, &writes);
  EXPECT_EQ(Gunzip(packed), noise);
  EXPECT_GE(writes, static_cast<int>(packed.size() / 1024));
}

INSTANTIATE_TEST_SUITE_P(Engines, GzipEngineTest, ::testing::Values(GzipEngine::kIsal, GzipEngine::kZlib),
                         [](const auto& info) {
                           return std::string(info.param == GzipEngine::kIsal ? "Isal" : "Zlib");
                         });

TEST(AcceptsGzipTest, FollowsAcceptEncodingAndQValues) {
  struct Case {
    std::optional<std::string_view> header;
    bool gzip;
  } cases[] = {
      {std::nullopt, false},
      {"", false},
      {"gzip", true},
      {"GZip", true},
      {"deflate, gzip;q=1.0, *;q=0.5", true},  // what Prometheus sends is "gzip"
      {"x-gzip", true},
      {"identity", false},
      {"gzip;q=0", false},
      {"gzip; q=0.000", false},
      {"*", true},
      {"*, gzip;q=0", false},
      {"br;q=1, *;q=0", false},
      {"gzip;q=abc", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.header ? std::string(*c.header) : "(none)");
    EXPECT_EQ(AcceptsGzip(c.header), c.gzip);
  }
}

}  // namespace
}  // namespace lde::http
