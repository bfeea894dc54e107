#include "common/http_syntax.h"

#include <gtest/gtest.h>

namespace lde {
namespace {

TEST(HttpSyntaxTest, TokenRejectsSeparatorsAndWhitespace) {
  EXPECT_TRUE(IsToken("WWW-Authenticate"));
  EXPECT_TRUE(IsToken("x!#$%&'*+-.^_`|~9"));
  EXPECT_FALSE(IsToken(""));
  EXPECT_FALSE(IsToken("Content Length"));
  EXPECT_FALSE(IsToken("a:b"));
  EXPECT_FALSE(IsToken("a\"b"));
}

TEST(HttpSyntaxTest, TokenCharIsExactlyTchar) {
  const std::string_view tchars =
      "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    EXPECT_EQ(IsTokenChar(ch), tchars.find(ch) != std::string_view::npos) << c;
  }
}

TEST(HttpSyntaxTest, TrimOwsStripsOnlySpacesAndTabs) {
  EXPECT_EQ(TrimOws(" \t value \t"), "value");
  EXPECT_EQ(TrimOws("   "), "");
  EXPECT_EQ(TrimOws("a b"), "a b");
}

TEST(HttpSyntaxTest, StatusLine) {
  auto ok = ParseStatusLine("HTTP/1.0 302 Found elsewhere");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->status, 302);
  EXPECT_EQ(ok->reason, "Found elsewhere");
  EXPECT_EQ(ParseStatusLine("HTTP/1.1 200 ")->reason, "");
  EXPECT_FALSE(ParseStatusLine("HTTP/1.1 099 Low"));
  EXPECT_FALSE(ParseStatusLine("HTTP/1.1  200 OK"));
  EXPECT_FALSE(ParseStatusLine("http/1.1 200 OK"));
  EXPECT_FALSE(ParseStatusLine("HTTP/1.x 200 OK"));
  EXPECT_FALSE(ParseStatusLine(""));
}

TEST(HttpSyntaxTest, ContentLength) {
  EXPECT_EQ(ParseContentLength({"42"}), 42u);
  EXPECT_EQ(ParseContentLength({"7", " 7 ,7"}), 7u);
  EXPECT_FALSE(ParseContentLength({"7", "8"}));
  EXPECT_FALSE(ParseContentLength({"7,"}));
  EXPECT_FALSE(ParseContentLength({"0x10"}));
  EXPECT_FALSE(ParseContentLength({"+5"}));
  EXPECT_FALSE(ParseContentLength({"1234567890123456789"}));  // 19 digits
  EXPECT_FALSE(ParseContentLength({}));
}

TEST(HttpSyntaxTest, ChunkSizeLine) {
  EXPECT_EQ(ParseChunkSizeLine("1a"), 26u);
  EXPECT_EQ(ParseChunkSizeLine("FF;ext=1"), 255u);
  EXPECT_EQ(ParseChunkSizeLine("0 \t; a=\"b\""), 0u);
  EXPECT_EQ(ParseChunkSizeLine("fffffffffffffff"), 0xfffffffffffffffULL);
  EXPECT_FALSE(ParseChunkSizeLine("ffffffffffffffff"));  // 16 digits: could overflow
  EXPECT_FALSE(ParseChunkSizeLine(""));
  EXPECT_FALSE(ParseChunkSizeLine(";ext"));
  EXPECT_FALSE(ParseChunkSizeLine("-1"));
  EXPECT_FALSE(ParseChunkSizeLine("5 junk"));
}

TEST(HttpSyntaxTest, FinalCodingIsChunked) {
  EXPECT_TRUE(FinalCodingIsChunked({"chunked"}));
  EXPECT_TRUE(FinalCodingIsChunked({"gzip", " Chunked "}));
  EXPECT_TRUE(FinalCodingIsChunked({"gzip, chunked"}));
  EXPECT_FALSE(FinalCodingIsChunked({"chunked, gzip"}));
  EXPECT_FALSE(FinalCodingIsChunked({""}));
  EXPECT_FALSE(FinalCodingIsChunked({}));
}

}  // namespace
}  // namespace lde
