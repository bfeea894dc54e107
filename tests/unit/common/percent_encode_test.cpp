#include "common/percent_encode.h"

#include <gtest/gtest.h>

namespace lde {
namespace {

TEST(PercentEncodeTest, EncodesAllButUnreserved) {
  EXPECT_EQ(PercentEncode("contoso.test"), "contoso.test");
  EXPECT_EQ(PercentEncode("a b&c=d/\"<'>#%"), "a%20b%26c%3Dd%2F%22%3C%27%3E%23%25");
  EXPECT_EQ(PercentEncode("caf\xC3\xA9_-~"), "caf%C3%A9_-~");
  EXPECT_EQ(PercentEncode(std::string_view("\0\xff", 2)), "%00%FF");
}

}  // namespace
}  // namespace lde
