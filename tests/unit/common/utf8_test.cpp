// IsValidUtf8 / ToValidUtf8 against the RFC 3629 boundaries and the Unicode
// "maximal subpart" replacement examples (Unicode 15, table 3-8).
#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace lde {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(IsValidUtf8Test, Table) {
  struct Case {
    const char* name;
    std::string bytes;
    bool valid;
  } cases[] = {
      {"empty", "", true},
      {"ASCII with controls", std::string("a\0\x1f\x7f", 4), true},
      {"two bytes", "\xC3\xBC", true},
      {"three bytes", "\xE2\x82\xAC", true},
      {"four bytes", "\xF0\x9F\x98\x80", true},
      {"lowest two-byte", "\xC2\x80", true},
      {"highest code point", "\xF4\x8F\xBF\xBF", true},
      {"U+FFFD itself", kFffd, true},
      {"stray continuation", "\x80", false},
      {"overlong two-byte C0", "\xC0\xAF", false},
      {"overlong two-byte C1", "\xC1\xBF", false},
      {"overlong three-byte", "\xE0\x80\xAF", false},
      {"overlong four-byte", "\xF0\x80\x80\xAF", false},
      {"surrogate", "\xED\xA0\x80", false},
      {"above U+10FFFF", "\xF4\x90\x80\x80", false},
      {"F5 lead", "\xF5\x80\x80\x80", false},
      {"FF byte", "\xFF", false},
      {"truncated at the end", "ok\xE2\x82", false},
      {"lead followed by ASCII",
       "\xC3"
       "A",
       false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(IsValidUtf8(c.bytes), c.valid);
  }
}

TEST(ToValidUtf8Test, Table) {
  struct Case {
    const char* name;
    std::string in;
    std::string out;
  } cases[] = {
      {"valid text unchanged", "M\xC3\xBCnchen \xE2\x82\xAC", "M\xC3\xBCnchen \xE2\x82\xAC"},
      {"one bad byte",
       "a\xFF"
       "b",
       "a" + kFffd + "b"},
      {"each bad byte its own replacement", "\xFF\xFE", kFffd + kFffd},
      {"truncated sequence is one replacement", "a\xE2\x82", "a" + kFffd},
      {"truncated sequence before ASCII",
       "\xF0\x9F\x98"
       "x",
       kFffd + "x"},
      {"surrogate: every byte replaced", "\xED\xA0\x80", kFffd + kFffd + kFffd},
      {"overlong: every byte replaced", "\xC0\xAF", kFffd + kFffd},
      // Unicode 15 §3.9 table 3-8: 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64
      {"Unicode table 3-8", "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
       "a" + kFffd + kFffd + kFffd + "b" + kFffd + "c" + kFffd + kFffd + "d"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string out = ToValidUtf8(c.in);
    EXPECT_EQ(out, c.out);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST(ToValidUtf8Test, EveryByteValueGivesValidOutput) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 7) {
      std::string in{static_cast<char>(a), static_cast<char>(b), '\xBF'};
      ASSERT_TRUE(IsValidUtf8(ToValidUtf8(in))) << a << " " << b;
    }
  }
}

TEST(TruncationMarkerTest, SaysHowMuchWasCut) {
  EXPECT_EQ(TruncationMarker(199000, "byte"), "\xE2\x80\xA6[truncated 199000 bytes]");
  EXPECT_EQ(TruncationMarker(1, "name"), "\xE2\x80\xA6[truncated 1 name]");
  EXPECT_GE(TruncationMarkerMaxSize(1, "byte"), TruncationMarker(1, "byte").size());
  EXPECT_GE(TruncationMarkerMaxSize(1000, "byte"), TruncationMarker(999, "byte").size());
}

TEST(TruncateUtf8Test, KeepsShortTextAndCutsLongTextOnACharacterBoundary) {
  EXPECT_EQ(TruncateUtf8("short", 256), "short");
  EXPECT_EQ(TruncateUtf8(std::string(256, 'a'), 256), std::string(256, 'a'));
  for (const std::string unit : {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
    for (std::size_t pad = 0; pad < 4; ++pad) {
      std::string text(pad, 'p');
      while (text.size() < 100000) text += unit;
      SCOPED_TRACE(std::to_string(unit.size()) + "-byte characters, pad " + std::to_string(pad));
      const std::string out = TruncateUtf8(text, 256);
      EXPECT_LE(out.size(), 256u);
      EXPECT_GT(out.size(), 256u - 32);
      EXPECT_TRUE(IsValidUtf8(out));
      const std::size_t kept = out.find("\xE2\x80\xA6[truncated ");
      ASSERT_NE(kept, std::string::npos);
      EXPECT_EQ(text.compare(0, kept, out, 0, kept), 0);
      EXPECT_EQ(out.substr(kept), TruncationMarker(text.size() - kept, "byte"));
    }
  }
}

}  // namespace
}  // namespace lde
