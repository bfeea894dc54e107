// ASCII case and hex helpers: locale-independent, ASCII letters only.
#include "common/ascii.h"

#include <gtest/gtest.h>

namespace lde {
namespace {

TEST(AsciiTest, LowersOnlyAsciiLetters) {
  EXPECT_EQ(AsciiLowerCopy("SIP.Contoso-1.TEST"), "sip.contoso-1.test");
  EXPECT_EQ(AsciiLowerCopy("M\xC3\x9C"
                           "NCHEN"),
            "m\xC3\x9C"
            "nchen");  // UTF-8 bytes untouched
  std::string serial = "0A1B2C";
  AsciiLowerInPlace(serial);
  EXPECT_EQ(serial, "0a1b2c");
}

TEST(AsciiTest, WritesBytesAsLowerCaseHex) {
  const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff, 0x5c};
  EXPECT_EQ(LowerHex(bytes, sizeof bytes), "000fa0ff5c");
  EXPECT_EQ(LowerHex(bytes, 0), "");
  char out[2 * sizeof bytes + 1] = {};
  out[2 * sizeof bytes] = '!';  // a guard: nothing is written past 2 * size
  LowerHexInto(bytes, sizeof bytes, out);
  EXPECT_EQ(std::string_view(out, sizeof out), "000fa0ff5c!");
}

TEST(AsciiTest, EqualsIgnoreAsciiCase) {
  EXPECT_TRUE(EqualsIgnoreAsciiCase("LocalHost", "localhost"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("localhost", "localhost."));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("a", "b"));
}

TEST(AsciiTest, HexValue) {
  EXPECT_EQ(AsciiHexValue('0'), 0);
  EXPECT_EQ(AsciiHexValue('9'), 9);
  EXPECT_EQ(AsciiHexValue('a'), 10);
  EXPECT_EQ(AsciiHexValue('F'), 15);
  EXPECT_EQ(AsciiHexValue('g'), -1);
  EXPECT_EQ(AsciiHexValue('/'), -1);
}

}  // namespace
}  // namespace lde
