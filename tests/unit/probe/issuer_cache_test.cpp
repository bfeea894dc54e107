// IssuerCache with explicit steady-clock times: no sleeping, no real clock.
#include "probe/issuer_cache.h"

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

TEST(IssuerCacheTest, MissOnEmptyCache) {
  IssuerCache cache;
  EXPECT_FALSE(cache.Get(Url(1), kT0).has_value());
}

TEST(IssuerCacheTest, HitReturnsTheStoredCertificates) {
  IssuerCache cache;
  cache.Put(Url(1), Certs(7), kT0);
  auto got = cache.Get(Url(1), kT0 + minutes(59));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, Certs(7));
  EXPECT_FALSE(cache.Get(Url(2), kT0).has_value());
}

TEST(IssuerCacheTest, EntryExpiresAfterTheDefaultHour) {
  IssuerCache cache;
  cache.Put(Url(1), Certs(7), kT0);
  EXPECT_TRUE(cache.Get(Url(1), kT0 + hours(1) - nanoseconds(1)).has_value());
  EXPECT_FALSE(cache.Get(Url(1), kT0 + hours(1)).has_value());
  EXPECT_FALSE(cache.Get(Url(1), kT0 + hours(2)).has_value());
}

TEST(IssuerCacheTest, CustomTtl) {
  IssuerCache cache(seconds(30));
  cache.Put(Url(1), Certs(7), kT0);
  EXPECT_TRUE(cache.Get(Url(1), kT0 + seconds(29)).has_value());
  EXPECT_FALSE(cache.Get(Url(1), kT0 + seconds(30)).has_value());
}

TEST(IssuerCacheTest, PutAgainReplacesAndRefreshes) {
  IssuerCache cache;
  cache.Put(Url(1), Certs(7), kT0);
  cache.Put(Url(1), Certs(9), kT0 + minutes(50));
  auto got = cache.Get(Url(1), kT0 + minutes(100));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, Certs(9));
}

TEST(IssuerCacheTest, EmptyResultIsCachedToo) {
  // A URL that yielded no certificate is remembered, so a broken AIA URL is
  // not fetched again on every probe.
  IssuerCache cache;
  cache.Put(Url(1), {}, kT0);
  auto got = cache.Get(Url(1), kT0);
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->empty());
}

TEST(IssuerCacheTest, BoundEvictsOneEntryWhenFullOfLiveEntries) {
  IssuerCache cache;
  ASSERT_EQ(IssuerCache::kMaxEntries, 1024u);
  for (int i = 0; i < 1024; ++i) cache.Put(Url(i), Certs(1), kT0);
  for (int i = 0; i < 1024; ++i) ASSERT_TRUE(cache.Get(Url(i), kT0).has_value()) << i;
  cache.Put(Url(5000), Certs(2), kT0);
  EXPECT_TRUE(cache.Get(Url(5000), kT0).has_value());
  int kept = 0;
  for (int i = 0; i < 1024; ++i) kept += cache.Get(Url(i), kT0).has_value() ? 1 : 0;
  EXPECT_EQ(kept, 1023);
}

TEST(IssuerCacheTest, BoundDropsExpiredEntriesBeforeLiveOnes) {
  IssuerCache cache;
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

TEST(IssuerCacheTest, RefreshingAKnownUrlWhenFullEvictsNothing) {
  IssuerCache cache;
  for (int i = 0; i < 1024; ++i) cache.Put(Url(i), Certs(1), kT0);
  cache.Put(Url(500), Certs(4), kT0 + minutes(1));
  for (int i = 0; i < 1024; ++i) EXPECT_TRUE(cache.Get(Url(i), kT0 + minutes(1)).has_value()) << i;
  EXPECT_EQ(*cache.Get(Url(500), kT0), Certs(4));
}

TEST(IssuerCacheTest, NeverHoldsMoreThanTheBound) {
  IssuerCache cache;
  for (int i = 0; i < 3000; ++i) cache.Put(Url(i), Certs(1), kT0);
  int kept = 0;
  for (int i = 0; i < 3000; ++i) kept += cache.Get(Url(i), kT0).has_value() ? 1 : 0;
  EXPECT_EQ(kept, 1024);
  // The newest entry is always kept.
  EXPECT_TRUE(cache.Get(Url(2999), kT0).has_value());
}

}  // namespace
}  // namespace lde::probe
