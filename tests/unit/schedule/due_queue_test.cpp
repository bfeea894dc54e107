#include "schedule/due_queue.h"

#include <gtest/gtest.h>

#include <cmath>

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

}  // namespace
}  // namespace lde::schedule
