#include "results/result_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lde::results {
namespace {

using Counts = ProbeCount;

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
  EXPECT_EQ(CountsOf(snap, "a").value(), (Counts{2, 1}));
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
  EXPECT_EQ(snap.counts.target(0), "alpha");
  EXPECT_EQ(snap.counts.target(1), "mid");
  EXPECT_EQ(snap.counts.target(2), "zeta");
  EXPECT_EQ(snap.results[1]->target, "mid");
  EXPECT_EQ(snap.results[2]->target, "zeta");
}

TEST(ResultStoreTest, AVersionChangesWithItsResultAlone) {
  ResultStore store;
  store.Put(MakeResult("a", true));
  store.Put(MakeResult("b", true));
  const auto first = store.Take();
  ASSERT_EQ(first.versions.size(), 2u);
  EXPECT_NE(first.versions[0], first.versions[1]);

  store.Put(MakeResult("b", true));  // equal content, but another result
  const auto second = store.Take();
  ASSERT_EQ(second.versions.size(), 2u);
  EXPECT_EQ(second.versions[0], first.versions[0]);
  EXPECT_NE(second.versions[1], first.versions[1]);
  EXPECT_NE(second.versions[1], second.versions[0]);

  // A target that leaves and comes back never gets an old number again.
  store.RetainOnly({"a"});
  store.RetainOnly({"a", "b"});
  store.Put(MakeResult("b", true));
  const auto third = store.Take();
  ASSERT_EQ(third.versions.size(), 2u);
  EXPECT_NE(third.versions[1], first.versions[1]);
  EXPECT_NE(third.versions[1], second.versions[1]);
  EXPECT_EQ(third.versions[0], first.versions[0]);
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
  EXPECT_EQ(CountsOf(snap, "a").value().failure, 0u);
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
  EXPECT_EQ(CountsOf(snap, "keep").value().success, 1u);
}

TEST(ResultStoreTest, RetainedTargetsCountFromZeroBeforeTheirFirstResult) {
  ResultStore store;
  store.RetainOnly({"new", "old"});
  store.Put(MakeResult("old", false));
  auto snap = store.Take();
  ASSERT_EQ(snap.results.size(), 1u);  // no result for a target not probed yet
  EXPECT_EQ(snap.results[0]->target, "old");
  EXPECT_EQ(CountsOf(snap, "new").value(), (Counts{0, 0}));
  EXPECT_EQ(CountsOf(snap, "old").value(), (Counts{0, 1}));
}

TEST(ResultStoreTest, RemovedTargetReaddedStartsFromZero) {
  ResultStore store;
  store.Put(MakeResult("t", true));
  store.Put(MakeResult("t", true));
  store.RetainOnly({});
  store.RetainOnly({"t"});
  store.Put(MakeResult("t", false));
  EXPECT_EQ(CountsOf(store.Take(), "t").value(), (Counts{0, 1}));
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
  EXPECT_EQ(counts.success + counts.failure, std::uint64_t{kThreads * kPerThread});
}

TEST(ResultStoreTest, RetainOnlyKeepsTheCountsOfEveryKeptTargetBetweenRemovedOnes) {
  ResultStore store;
  for (const char* target : {"a", "b", "c", "d", "e"}) store.Put(MakeResult(target, target[0] != 'c'));
  store.RetainOnly({"a", "bb", "c", "e", "f"});

  auto snap = store.Take();
  ASSERT_EQ(snap.counts.size(), 5u);
  EXPECT_EQ(CountsOf(snap, "a").value(), (Counts{1, 0}));
  EXPECT_EQ(CountsOf(snap, "bb").value(), (Counts{0, 0}));
  EXPECT_EQ(CountsOf(snap, "c").value(), (Counts{0, 1}));
  EXPECT_EQ(CountsOf(snap, "e").value(), (Counts{1, 0}));
  EXPECT_EQ(CountsOf(snap, "f").value(), (Counts{0, 0}));
  ASSERT_EQ(snap.results.size(), 3u);
  EXPECT_EQ(snap.results[1]->target, "c");
}

// A scrape's snapshot shares the store's list of names rather than copying
// every name; what changes the list makes a new one.
TEST(ResultStoreTest, SnapshotsShareTheNamesUntilTheTargetsChange) {
  ResultStore store;
  store.RetainOnly({"a-target-name-longer-than-sso", "b"});
  store.Put(MakeResult("b", true));
  const auto first = store.Take();
  const auto second = store.Take();
  EXPECT_EQ(first.counts.target(0).data(), second.counts.target(0).data());
  EXPECT_EQ(first.counts.names(), second.counts.names());  // the list itself, for readers to share

  store.RetainOnly({"b", "c"});
  const auto third = store.Take();
  EXPECT_NE(third.counts.target(0).data(), first.counts.target(1).data());
  EXPECT_NE(third.counts.names(), first.counts.names());
  // The earlier snapshots still hold what they were taken with.
  ASSERT_EQ(first.counts.size(), 2u);
  EXPECT_EQ(first.counts.target(0), "a-target-name-longer-than-sso");
  EXPECT_EQ(first.counts.count(1), (Counts{1, 0}));
  EXPECT_EQ(third.counts.target(1), "c");
}

TEST(ResultStoreTest, ANewTargetBeforeRetainOnlyLeavesEarlierSnapshotsAsTheyWere) {
  ResultStore store;
  store.Put(MakeResult("m", true));
  const auto before = store.Take();
  store.Put(MakeResult("a", false));
  store.Put(MakeResult("z", true));

  ASSERT_EQ(before.counts.size(), 1u);
  EXPECT_EQ(before.counts.target(0), "m");
  const auto after = store.Take();
  ASSERT_EQ(after.counts.size(), 3u);
  EXPECT_EQ(after.counts.target(0), "a");
  EXPECT_EQ(after.counts.count(0), (Counts{0, 1}));
  EXPECT_EQ(after.counts.target(2), "z");
  EXPECT_EQ(store.Latest("m")->target, "m");
  EXPECT_EQ(store.Latest("absent"), nullptr);
}

TEST(ProbeCountsTest, CountsMadeByHandAreSortedByTarget) {
  const ProbeCounts counts{{"zeta", {1, 2}}, {"alpha", {3, 4}}, {"mid", {5, 6}}};
  std::vector<std::string> order;
  for (const auto& [target, count] : counts) order.emplace_back(target);
  EXPECT_EQ(order, (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_EQ(counts.count(0), (Counts{3, 4}));
  EXPECT_EQ(counts.count(2), (Counts{1, 2}));
}

TEST(ProbeCountsTest, CountsBeyondTheNamesAreLeftOut) {
  auto names = std::make_shared<const ProbeCounts::Names>(ProbeCounts::Names{"a"});
  const ProbeCounts counts(names, {{1, 0}, {2, 0}});
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts.count(0), (Counts{1, 0}));
  EXPECT_EQ(counts.names(), names);
  EXPECT_TRUE(ProbeCounts(nullptr, {{1, 0}}).empty());
}

}  // namespace
}  // namespace lde::results
