#include "schedule/due_queue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace lde::schedule {
namespace {

using namespace std::chrono_literals;

const SteadyTime kT0 = SteadyTime{} + 1h;

Job MakeJob(const std::string& target, Duration interval = 10s) {
  return Job{target, interval, 1s, [](const Deadline&) {}};
}

std::vector<std::string> Targets(const std::vector<Dispatch>& due) {
  std::vector<std::string> out;
  for (const auto& d : due) out.push_back(d.target);
  return out;
}

TEST(DueQueueTest, EmptyQueueHasNothingDue) {
  DueQueue q([] { return 0.0; });
  EXPECT_EQ(q.NextDue(), std::nullopt);
  EXPECT_TRUE(q.PopDue(kT0 + 24h).empty());
}

TEST(DueQueueTest, DuplicateTargetsKeepFirstDefinition) {
  DueQueue q([] { return 0.0; });
  q.SetJobs({MakeJob("a", 10s), MakeJob("a", 99s)}, kT0);
  auto due = q.PopDue(kT0);
  ASSERT_EQ(Targets(due), std::vector<std::string>{"a"});
  q.Finish("a");
  EXPECT_EQ(q.NextDue(), kT0 + 10s);
}

TEST(DueQueueTest, OutOfRangeJitterIsClamped) {
  std::vector<double> values{1.5, -3.0, std::nan("")};
  std::size_t i = 0;
  DueQueue q([&] { return values[i++]; });
  q.SetJobs({MakeJob("a"), MakeJob("b"), MakeJob("c")}, kT0);
  // Every first run lands inside [now, now + interval).
  EXPECT_EQ(Targets(q.PopDue(kT0)), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(DueQueueTest, ZeroIntervalDoesNotSpin) {
  DueQueue q([] { return 0.0; });
  q.SetJobs({MakeJob("a", 0s)}, kT0);
  EXPECT_EQ(q.PopDue(kT0).size(), 1u);
  q.Finish("a");
  // A bounded number of runs per call, not an endless loop.
  EXPECT_EQ(q.PopDue(kT0 + 1h).size(), 1u);
}

TEST(DueQueueTest, TakeAllSkipsRunningTargets) {
  DueQueue q([] { return 0.5; });
  q.SetJobs({MakeJob("a"), MakeJob("b")}, kT0);
  auto due = q.PopDue(kT0 + 5s);
  ASSERT_EQ(due.size(), 2u);
  q.Finish("b");
  EXPECT_EQ(Targets(q.TakeAll()), std::vector<std::string>{"b"});
  EXPECT_TRUE(q.IsRunning("a"));
  EXPECT_TRUE(q.IsRunning("b"));
}

TEST(DueQueueTest, ShrunkIntervalDoesNotWaitOutOldPeriod) {
  DueQueue q([] { return 0.0; });
  q.SetJobs({MakeJob("a", 1h)}, kT0);
  (void)q.PopDue(kT0);
  q.Finish("a");
  ASSERT_EQ(q.NextDue(), kT0 + 1h);
  q.SetJobs({MakeJob("a", 10s)}, kT0 + 2s);
  EXPECT_EQ(q.NextDue(), kT0 + 12s);
}

// Runs due together start in name order, whatever order the config gave.
TEST(DueQueueTest, RunsDueTogetherStartInTargetOrder) {
  DueQueue q([] { return 0.0; });
  q.SetJobs({MakeJob("c"), MakeJob("a"), MakeJob("b")}, kT0);
  EXPECT_EQ(Targets(q.PopDue(kT0)), (std::vector<std::string>{"a", "b", "c"}));
}

// Many jobs on distinct phases: every run comes out once per interval, in
// due order, across a reload that keeps half of them.
TEST(DueQueueTest, ManyJobsEachRunOncePerIntervalInDueOrder) {
  constexpr int kJobs = 1000;
  int drawn = 0;
  // Phases spread over [0, 8.9 s] in 0.1 s steps: every third run is due by
  // 28.9 s, well inside the 30 s walked.
  DueQueue q([&] { return (drawn++ * 7 % 90) / 100.0; });
  std::vector<Job> jobs;
  for (int i = 0; i < kJobs; ++i) jobs.push_back(MakeJob("t" + std::to_string(i), 10s));
  q.SetJobs(jobs, kT0);
  std::map<std::string, int> runs;
  SteadyTime last_next = kT0;
  for (SteadyTime now = kT0; now < kT0 + 30s; now += 100ms) {
    for (const Dispatch& d : q.PopDue(now)) {
      ++runs[d.target];
      q.Finish(d.target);
    }
    ASSERT_TRUE(q.NextDue().has_value());
    EXPECT_GT(*q.NextDue(), now);
    EXPECT_GE(*q.NextDue(), last_next);
    last_next = *q.NextDue();
    if (now == kT0 + 15s) {  // keep the even ones
      std::vector<Job> even;
      for (int i = 0; i < kJobs; i += 2) even.push_back(MakeJob("t" + std::to_string(i), 10s));
      q.SetJobs(even, now);
      last_next = now;
    }
  }
  for (int i = 0; i < kJobs; ++i) {
    const auto it = runs.find("t" + std::to_string(i));
    ASSERT_NE(it, runs.end()) << i;
    // 30 s at 10 s: 3 runs; the odd ones left at 15 s after one or two.
    if (i % 2 == 0) {
      EXPECT_EQ(it->second, 3) << i;
    } else {
      EXPECT_GE(it->second, 1) << i;
      EXPECT_LE(it->second, 2) << i;
    }
  }
}

TEST(DueQueueTest, CountersStayWithKeptTargetsAndLeaveWithRemovedOnes) {
  DueQueue q([] { return 0.0; });
  q.SetJobs({MakeJob("a"), MakeJob("b")}, kT0);
  ASSERT_EQ(q.PopDue(kT0).size(), 2u);       // both running
  EXPECT_TRUE(q.PopDue(kT0 + 10s).empty());  // both skipped
  q.CountError("a");
  q.CountError("a");
  q.CountError("nobody");  // not in the set: nothing to count
  EXPECT_EQ(q.SkippedCounts(), (TargetCounts{{"a", 1}, {"b", 1}}));
  EXPECT_EQ(q.ErrorCounts(), (TargetCounts{{"a", 2}}));  // only what counted

  q.SetJobs({MakeJob("b"), MakeJob("c")}, kT0 + 11s);
  EXPECT_EQ(q.SkippedCounts(), (TargetCounts{{"b", 1}}));
  EXPECT_TRUE(q.ErrorCounts().empty());
  q.CountError("a");  // a run of a removed target that threw
  EXPECT_TRUE(q.ErrorCounts().empty());
  q.CountError("c");
  EXPECT_EQ(q.ErrorCounts(), (TargetCounts{{"c", 1}}));
}

// A target removed while its run is in flight, then re-added: the new job
// waits for that run (never two at once), and its end frees it.
TEST(DueQueueTest, ReaddedTargetWaitsForTheRunOfItsRemovedSelf) {
  DueQueue q([] { return 0.0; });
  q.SetJobs({MakeJob("a"), MakeJob("b")}, kT0);
  ASSERT_EQ(q.PopDue(kT0).size(), 2u);
  q.SetJobs({MakeJob("b")}, kT0 + 1s);
  EXPECT_TRUE(q.IsRunning("a"));  // removed, still running
  q.SetJobs({MakeJob("a"), MakeJob("b")}, kT0 + 2s);
  EXPECT_TRUE(q.PopDue(kT0 + 2s).empty());  // a: due, still running: skipped
  EXPECT_TRUE(q.TakeAll().empty());
  q.Finish("a");
  EXPECT_FALSE(q.IsRunning("a"));
  EXPECT_EQ(Targets(q.TakeAll()), std::vector<std::string>{"a"});

  // Removed while running and finished while removed: a later re-add runs.
  q.SetJobs({}, kT0 + 3s);
  q.Finish("a");
  q.Finish("b");
  EXPECT_FALSE(q.IsRunning("a"));
  q.SetJobs({MakeJob("a")}, kT0 + 4s);
  EXPECT_EQ(Targets(q.PopDue(kT0 + 4s)), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace lde::schedule
