#include "http/token_bucket.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucketTest, DisabledAlwaysAllows) {
  TokenBucket off(model::RateLimit{});
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(off.TryTake(SteadyTime{}));
}

TEST(TokenBucketTest, AllowsABurstThenOnePerInterval) {
  TokenBucket bucket(model::RateLimit{1s, 3});
  SteadyTime t0 = SteadyTime{} + 100s;
  EXPECT_TRUE(bucket.TryTake(t0));
  EXPECT_TRUE(bucket.TryTake(t0));
  EXPECT_TRUE(bucket.TryTake(t0));
  EXPECT_FALSE(bucket.TryTake(t0 + 999ms));
  EXPECT_TRUE(bucket.TryTake(t0 + 1s));
  EXPECT_FALSE(bucket.TryTake(t0 + 1500ms));
  // A long quiet spell refills to the burst, never beyond.
  SteadyTime later = t0 + 1h;
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_TRUE(bucket.TryTake(later));
  EXPECT_FALSE(bucket.TryTake(later));
}

}  // namespace
}  // namespace lde::http
