#include "results/result_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

namespace lde::results {
namespace {

using Counts = std::pair<std::uint64_t, std::uint64_t>;

// The counters of `target` in a snapshot, if it has an entry.
std::optional<Counts> CountsOf(const ResultStore::Snapshot& snap, const std::string& target) {
  for (const auto& [name, counts] : snap.counts) {
    if (name == target) return counts;
  }
  return std::nullopt;
}

std::shared_ptr<const model::ProbeResult> MakeResult(const std::string& target, bool success,
                                                     int marker = 0) {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = target;
  r->success = success;
  r->duration = std::chrono::milliseconds(marker);
  return r;
}

TEST(ResultStoreTest, EmptyStoreGivesEmptySnapshot) {
  ResultStore store;
  auto snap = store.Take();
  EXPECT_TRUE(snap.results.empty());
  EXPECT_TRUE(snap.counts.empty());
}

TEST(ResultStoreTest, PutReplacesLatestAndCountsOutcomes) {
  ResultStore store;
  store.Put(MakeResult("a", true, 1));
  store.Put(MakeResult("a", false, 2));
  store.Put(MakeResult("a", true, 3));

  auto snap = store.Take();
  ASSERT_EQ(snap.results.size(), 1u);
  EXPECT_EQ(snap.results[0]->duration, std::chrono::milliseconds(3));
  EXPECT_EQ(CountsOf(snap, "a").value(), std::make_pair(std::uint64_t{2}, std::uint64_t{1}));
}

TEST(ResultStoreTest, SnapshotIsSortedByTarget) {
  ResultStore store;
  store.Put(MakeResult("zeta", true));
  store.Put(MakeResult("alpha", false));
  store.Put(MakeResult("mid", true));

  auto snap = store.Take();
  ASSERT_EQ(snap.results.size(), 3u);
  EXPECT_EQ(snap.results[0]->target, "alpha");
  ASSERT_EQ(snap.counts.size(), 3u);
  EXPECT_EQ(snap.counts[0].first, "alpha");
  EXPECT_EQ(snap.counts[1].first, "mid");
  EXPECT_EQ(snap.counts[2].first, "zeta");
  EXPECT_EQ(snap.results[1]->target, "mid");
  EXPECT_EQ(snap.results[2]->target, "zeta");
}

TEST(ResultStoreTest, NullResultIsIgnored) {
  ResultStore store;
  store.Put(nullptr);
  EXPECT_TRUE(store.Take().results.empty());
}

TEST(ResultStoreTest, SnapshotIsUnaffectedByLaterPuts) {
  ResultStore store;
  store.Put(MakeResult("a", true, 1));
  auto snap = store.Take();
  store.Put(MakeResult("a", false, 2));
  EXPECT_EQ(snap.results[0]->duration, std::chrono::milliseconds(1));
  EXPECT_EQ(CountsOf(snap, "a").value().second, 0u);
}

TEST(ResultStoreTest, RetainOnlyDropsResultsAndCountersOfRemovedTargets) {
  ResultStore store;
  store.Put(MakeResult("keep", true));
  store.Put(MakeResult("gone", false));
  store.RetainOnly({"keep"});

  auto snap = store.Take();
  ASSERT_EQ(snap.results.size(), 1u);
  EXPECT_EQ(snap.results[0]->target, "keep");
  EXPECT_FALSE(CountsOf(snap, "gone").has_value());
  EXPECT_EQ(CountsOf(snap, "keep").value().first, 1u);
}

TEST(ResultStoreTest, RetainedTargetsCountFromZeroBeforeTheirFirstResult) {
  ResultStore store;
  store.RetainOnly({"new", "old"});
  store.Put(MakeResult("old", false));
  auto snap = store.Take();
  ASSERT_EQ(snap.results.size(), 1u);  // no result for a target not probed yet
  EXPECT_EQ(snap.results[0]->target, "old");
  EXPECT_EQ(CountsOf(snap, "new").value(), std::make_pair(std::uint64_t{0}, std::uint64_t{0}));
  EXPECT_EQ(CountsOf(snap, "old").value(), std::make_pair(std::uint64_t{0}, std::uint64_t{1}));
}

TEST(ResultStoreTest, RemovedTargetReaddedStartsFromZero) {
  ResultStore store;
  store.Put(MakeResult("t", true));
  store.Put(MakeResult("t", true));
  store.RetainOnly({});
  store.RetainOnly({"t"});
  store.Put(MakeResult("t", false));
  EXPECT_EQ(CountsOf(store.Take(), "t").value(), std::make_pair(std::uint64_t{0}, std::uint64_t{1}));
}

TEST(ResultStoreTest, LatePutForRemovedTargetDoesNotResurrectIt) {
  ResultStore store;
  store.Put(MakeResult("gone", true));
  store.RetainOnly({"keep"});
  store.Put(MakeResult("gone", true));  // a run that was in flight across the reload
  store.Put(MakeResult("keep", true));

  auto snap = store.Take();
  ASSERT_EQ(snap.results.size(), 1u);
  EXPECT_EQ(snap.results[0]->target, "keep");
  EXPECT_FALSE(CountsOf(snap, "gone").has_value());
}

TEST(ResultStoreTest, ConcurrentPutsAreAllCounted) {
  ResultStore store;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kPerThread; ++i) {
        store.Put(MakeResult("shared", (i + t) % 2 == 0));
        if (i % 50 == 0) (void)store.Take();
      }
    });
  }
  for (auto& th : threads) th.join();
  auto counts = CountsOf(store.Take(), "shared").value();
  EXPECT_EQ(counts.first + counts.second, std::uint64_t{kThreads * kPerThread});
}

}  // namespace
}  // namespace lde::results
