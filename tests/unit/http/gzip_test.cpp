#include "http/gzip.h"

#include <gtest/gtest.h>

#include "support/raw_http/gunzip.h"

namespace lde::http {
namespace {

using lde::testing::Gunzip;

TEST(GzipTest, RoundTripsAndShrinksRepetitiveText) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "probe_success{target=\"t" + std::to_string(i % 50) + "\"} 1\n";
  std::string packed = GzipCompress(text);
  ASSERT_GE(packed.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed[0]), 0x1f);  // RFC 1952 magic
  EXPECT_EQ(static_cast<unsigned char>(packed[1]), 0x8b);
  EXPECT_LT(packed.size(), text.size() / 5);
  EXPECT_EQ(Gunzip(packed), text);
  EXPECT_EQ(Gunzip(GzipCompress("")), "");
}

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
