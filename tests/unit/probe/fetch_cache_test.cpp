// FetchCache with explicit steady-clock times: no sleeping, no real clock.
#include "probe/fetch_cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace lde::probe {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

const SteadyTime kT0 = SteadyTime() + hours(1000);

std::vector<model::Der> Certs(unsigned char tag) {
  return {model::Der{0x30, tag}, model::Der{0x30, static_cast<unsigned char>(tag + 1)}};
}

// Zero-padded so the map order is the numeric order.
std::string Url(int i) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "http://pki.contoso.test/ca-%04d.crt", i);
  return buf;
}

TEST(FetchCacheTest, MissOnEmptyCache) {
  FetchCache cache;
  EXPECT_FALSE(cache.Get(Url(1), kT0).has_value());
}

TEST(FetchCacheTest, PutUntilKeepsAFailureWithItsOwnExpiry) {
  FetchCache cache;
  cache.PutUntil(Url(1), FetchCache::Entry{{}, "timeout: no answer"}, kT0, kT0 + minutes(5));
  auto hit = cache.Find(Url(1), kT0 + minutes(4));
  ASSERT_TRUE(hit.has_value());
  EXPECT_TRUE(hit->payload.empty());
  EXPECT_EQ(hit->error, "timeout: no answer");
  // Its own expiry, not the cache's hour.
  EXPECT_FALSE(cache.Find(Url(1), kT0 + minutes(5)).has_value());
}

TEST(FetchCacheTest, HitReturnsTheStoredCertificates) {
  FetchCache cache;
  cache.Put(Url(1), Certs(7), kT0);
  auto got = cache.Get(Url(1), kT0 + minutes(59));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, Certs(7));
  EXPECT_FALSE(cache.Get(Url(2), kT0).has_value());
}

TEST(FetchCacheTest, EntryExpiresAfterTheDefaultHour) {
  FetchCache cache;
  cache.Put(Url(1), Certs(7), kT0);
  EXPECT_TRUE(cache.Get(Url(1), kT0 + hours(1) - nanoseconds(1)).has_value());
  EXPECT_FALSE(cache.Get(Url(1), kT0 + hours(1)).has_value());
  EXPECT_FALSE(cache.Get(Url(1), kT0 + hours(2)).has_value());
}

TEST(FetchCacheTest, CustomTtl) {
  FetchCache cache(seconds(30));
  cache.Put(Url(1), Certs(7), kT0);
  EXPECT_TRUE(cache.Get(Url(1), kT0 + seconds(29)).has_value());
  EXPECT_FALSE(cache.Get(Url(1), kT0 + seconds(30)).has_value());
}

TEST(FetchCacheTest, PutAgainReplacesAndRefreshes) {
  FetchCache cache;
  cache.Put(Url(1), Certs(7), kT0);
  cache.Put(Url(1), Certs(9), kT0 + minutes(50));
  auto got = cache.Get(Url(1), kT0 + minutes(100));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, Certs(9));
}

TEST(FetchCacheTest, EmptyResultIsCachedToo) {
  // A URL that yielded no certificate is remembered, so a broken AIA URL is
  // not fetched again on every probe.
  FetchCache cache;
  cache.Put(Url(1), {}, kT0);
  auto got = cache.Get(Url(1), kT0);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->empty());
}

TEST(FetchCacheTest, BoundEvictsOneEntryWhenFullOfLiveEntries) {
  FetchCache cache;
  ASSERT_EQ(FetchCache::kMaxEntries, 1024u);
  for (int i = 0; i < 1024; ++i) cache.Put(Url(i), Certs(1), kT0);
  for (int i = 0; i < 1024; ++i) ASSERT_TRUE(cache.Get(Url(i), kT0).has_value()) << i;
  cache.Put(Url(5000), Certs(2), kT0);
  EXPECT_TRUE(cache.Get(Url(5000), kT0).has_value());
  int kept = 0;
  for (int i = 0; i < 1024; ++i) kept += cache.Get(Url(i), kT0).has_value() ? 1 : 0;
  EXPECT_EQ(kept, 1023);
}

TEST(FetchCacheTest, BoundDropsExpiredEntriesBeforeLiveOnes) {
  FetchCache cache;
  for (int i = 0; i < 512; ++i) cache.Put(Url(i), Certs(1), kT0);
  for (int i = 512; i < 1024; ++i) cache.Put(Url(i), Certs(1), kT0 + minutes(30));
  const SteadyTime later = kT0 + minutes(61);  // the first half has expired
  cache.Put(Url(5000), Certs(2), later);
  for (int i = 512; i < 1024; ++i) ASSERT_TRUE(cache.Get(Url(i), later).has_value()) << i;
  EXPECT_TRUE(cache.Get(Url(5000), later).has_value());
  // Room was made by the sweep, so the next puts evict nothing live either.
  for (int i = 0; i < 511; ++i) cache.Put(Url(6000 + i), Certs(3), later);
  for (int i = 512; i < 1024; ++i) ASSERT_TRUE(cache.Get(Url(i), later).has_value()) << i;
}

TEST(FetchCacheTest, RefreshingAKnownUrlWhenFullEvictsNothing) {
  FetchCache cache;
  for (int i = 0; i < 1024; ++i) cache.Put(Url(i), Certs(1), kT0);
  cache.Put(Url(500), Certs(4), kT0 + minutes(1));
  for (int i = 0; i < 1024; ++i) EXPECT_TRUE(cache.Get(Url(i), kT0 + minutes(1)).has_value()) << i;
  EXPECT_EQ(*cache.Get(Url(500), kT0), Certs(4));
}

TEST(FetchCacheTest, NeverHoldsMoreThanTheBound) {
  FetchCache cache;
  for (int i = 0; i < 3000; ++i) cache.Put(Url(i), Certs(1), kT0);
  int kept = 0;
  for (int i = 0; i < 3000; ++i) kept += cache.Get(Url(i), kT0).has_value() ? 1 : 0;
  EXPECT_EQ(kept, 1024);
  // The newest entry is always kept.
  EXPECT_TRUE(cache.Get(Url(2999), kT0).has_value());
}

}  // namespace
}  // namespace lde::probe
