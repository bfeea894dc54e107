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

// The byte budget: what a hostile set of CRL/AIA servers can make the cache
// hold, whatever the number of URLs.

model::Der Bytes(std::size_t n, unsigned char tag = 1) { return model::Der(n, tag); }

FetchCache::Entry Body(std::size_t n, unsigned char tag = 1) {
  return FetchCache::Entry{{Bytes(n, tag)}, ""};
}

TEST(FetchCacheTest, DefaultBudgetIsSixteenMebibytes) {
  EXPECT_EQ(FetchCache::kDefaultMaxBytes, 16u * 1024 * 1024);
  EXPECT_EQ(FetchCache().max_bytes(), FetchCache::kDefaultMaxBytes);
}

TEST(FetchCacheTest, CostCountsTheBytesTheUrlTheErrorAndAnOverhead) {
  const std::string url = Url(1);
  EXPECT_EQ(FetchCache::Cost(url, FetchCache::Entry{}), FetchCache::kEntryOverheadBytes + url.size());
  EXPECT_EQ(FetchCache::Cost(url, FetchCache::Entry{{}, "timeout"}),
            FetchCache::kEntryOverheadBytes + url.size() + 7);
  EXPECT_EQ(FetchCache::Cost(url, Body(1000)),
            FetchCache::kEntryOverheadBytes + url.size() + sizeof(model::Der) + 1000);
}

TEST(FetchCacheTest, ManyBodiesOverTheBudgetStayWithinIt) {
  // The reported case, scaled down: distinct URLs of 1 MiB each. With the
  // default budget at most 15 of them fit at once, and the total never
  // exceeds it however many come (400 did in the report).
  FetchCache cache;
  for (int i = 0; i < 48; ++i) {
    cache.PutUntil(Url(i), Body(1 << 20), kT0, kT0 + hours(1));
    ASSERT_LE(cache.bytes(), FetchCache::kDefaultMaxBytes) << i;
  }
  EXPECT_EQ(cache.size(), 15u);
  // The newest are the ones kept.
  for (int i = 33; i < 48; ++i) EXPECT_TRUE(cache.Find(Url(i), kT0).has_value()) << i;
  EXPECT_FALSE(cache.Find(Url(32), kT0).has_value());
}

TEST(FetchCacheTest, ManyNegativeEntriesStayWithinTheBudgetToo) {
  const std::size_t budget = 64 * 1024;
  FetchCache cache(hours(1), budget);
  for (int i = 0; i < 10000; ++i)
    cache.PutUntil(Url(i), FetchCache::Entry{{}, "timeout: no answer"}, kT0, kT0 + hours(1));
  EXPECT_LE(cache.bytes(), budget);
  EXPECT_EQ(cache.size(), budget / FetchCache::Cost(Url(0), FetchCache::Entry{{}, "timeout: no answer"}));
}

TEST(FetchCacheTest, LeastRecentlyUsedGoesFirst) {
  const std::size_t one = FetchCache::Cost(Url(0), Body(1000));
  FetchCache cache(hours(1), 3 * one);  // room for exactly three
  cache.PutUntil(Url(0), Body(1000), kT0, kT0 + hours(1));
  cache.PutUntil(Url(1), Body(1000), kT0, kT0 + hours(1));
  cache.PutUntil(Url(2), Body(1000), kT0, kT0 + hours(1));
  ASSERT_EQ(cache.bytes(), 3 * one);
  // A hit makes 0 the most recently used: 1 is now the oldest use.
  ASSERT_TRUE(cache.Find(Url(0), kT0).has_value());
  cache.PutUntil(Url(3), Body(1000), kT0, kT0 + hours(1));
  EXPECT_TRUE(cache.Find(Url(0), kT0).has_value());
  EXPECT_FALSE(cache.Find(Url(1), kT0).has_value());
  EXPECT_TRUE(cache.Find(Url(2), kT0).has_value());
  EXPECT_TRUE(cache.Find(Url(3), kT0).has_value());
  EXPECT_EQ(cache.bytes(), 3 * one);
  // Storing again is a use as well: 0 was used (Find) before 2 and 3 were.
  cache.PutUntil(Url(2), Body(1000, 9), kT0, kT0 + hours(1));
  cache.PutUntil(Url(4), Body(1000), kT0, kT0 + hours(1));
  EXPECT_FALSE(cache.Find(Url(0), kT0).has_value());
  EXPECT_EQ(cache.Find(Url(2), kT0)->payload, std::vector<model::Der>{Bytes(1000, 9)});
}

TEST(FetchCacheTest, ExpiredEntriesGoBeforeLiveOnes) {
  const std::size_t one = FetchCache::Cost(Url(0), Body(1000));
  FetchCache cache(hours(1), 4 * one);
  cache.PutUntil(Url(0), Body(1000), kT0, kT0 + hours(1));    // live, least recently used
  cache.PutUntil(Url(1), Body(1000), kT0, kT0 + minutes(5));  // expired by then
  cache.PutUntil(Url(2), Body(1000), kT0, kT0 + minutes(5));  // expired by then
  cache.PutUntil(Url(3), Body(1000), kT0, kT0 + hours(1));
  const SteadyTime later = kT0 + minutes(10);
  cache.PutUntil(Url(4), Body(1000), later, later + hours(1));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_TRUE(cache.Find(Url(0), later).has_value());
  EXPECT_TRUE(cache.Find(Url(3), later).has_value());
  EXPECT_TRUE(cache.Find(Url(4), later).has_value());
}

TEST(FetchCacheTest, AnEntryOverTheWholeBudgetIsNotKeptAndEvictsNothing) {
  const std::size_t one = FetchCache::Cost(Url(0), Body(1000));
  FetchCache cache(hours(1), 2 * one);
  cache.PutUntil(Url(0), Body(1000), kT0, kT0 + hours(1));
  cache.PutUntil(Url(1), Body(2 * one), kT0, kT0 + hours(1));
  EXPECT_FALSE(cache.Find(Url(1), kT0).has_value());
  EXPECT_TRUE(cache.Find(Url(0), kT0).has_value());
  EXPECT_EQ(cache.bytes(), one);
}

TEST(FetchCacheTest, ReplacingAnEntryChargesOnlyTheNewOne) {
  FetchCache cache;
  cache.PutUntil(Url(0), Body(5000), kT0, kT0 + hours(1));
  cache.PutUntil(Url(0), FetchCache::Entry{{}, "http_status: HTTP 404"}, kT0, kT0 + hours(1));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), FetchCache::Cost(Url(0), FetchCache::Entry{{}, "http_status: HTTP 404"}));
}

TEST(FetchCacheTest, AnExpiredLookupFreesItsBytes) {
  FetchCache cache;
  cache.PutUntil(Url(0), Body(5000), kT0, kT0 + minutes(5));
  EXPECT_FALSE(cache.Find(Url(0), kT0 + minutes(5)).has_value());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

}  // namespace
}  // namespace lde::probe
