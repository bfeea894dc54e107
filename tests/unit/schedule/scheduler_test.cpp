// The scheduler's core driven by hand: ManualClock + PopDue/Execute, no
// threads, no sleeping (Envoy's pattern).

#include "schedule/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#include "support/metrics_text/manual_clock.h"
#include "target_counts.h"

namespace lde::schedule {
namespace {

using namespace std::chrono_literals;
using testsupport::ManualClock;

// Returns the given values in turn, then 0.
class JitterSequence {
 public:
  explicit JitterSequence(std::vector<double> values) : values_(std::move(values)) {}
  std::function<double()> Source() {
    return [this] { return next_ < values_.size() ? values_[next_++] : 0.0; };
  }

 private:
  std::vector<double> values_;
  std::size_t next_ = 0;
};

class SchedulerCoreTest : public ::testing::Test {
 protected:
  Job MakeJob(const std::string& target, Duration interval = 60s, Duration timeout = 5s) {
    return Job{target, interval, timeout, [this, target](const Deadline& d) {
                 runs_.push_back(target);
                 deadlines_.push_back(d.at());
               }};
  }
  // Pops what is due now and runs it to completion.
  std::vector<std::string> RunDue(Scheduler& s) {
    std::vector<std::string> targets;
    for (const auto& d : s.PopDue(clock_.SteadyNow())) {
      targets.push_back(d.target);
      s.Execute(d);
    }
    return targets;
  }

  ManualClock clock_;
  std::vector<std::string> runs_;
  std::vector<SteadyTime> deadlines_;
};

TEST_F(SchedulerCoreTest, FirstRunsAreSpreadAcrossTheInterval) {
  JitterSequence jitter({0.0, 0.25, 0.5, 0.75});
  Scheduler s(clock_, 4, jitter.Source());
  const SteadyTime t0 = clock_.SteadyNow();
  s.SetJobs({MakeJob("a"), MakeJob("b"), MakeJob("c"), MakeJob("d")});

  EXPECT_EQ(RunDue(s), std::vector<std::string>{"a"});
  clock_.Advance(14s);
  EXPECT_TRUE(RunDue(s).empty());
  clock_.Advance(1s);  // t0 + 15s = 0.25 * 60s
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"b"});
  EXPECT_EQ(s.NextDue(), t0 + 30s);
  clock_.Advance(15s);
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"c"});
  clock_.Advance(15s);
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"d"});
}

TEST_F(SchedulerCoreTest, RunsEveryIntervalOnItsPhase) {
  JitterSequence jitter({0.5});
  Scheduler s(clock_, 1, jitter.Source());
  s.SetJobs({MakeJob("a", 10s)});
  std::vector<int> fired_at;
  for (int second = 0; second <= 40; ++second) {
    if (!RunDue(s).empty()) fired_at.push_back(second);
    clock_.Advance(1s);
  }
  EXPECT_EQ(fired_at, (std::vector<int>{5, 15, 25, 35}));
}

TEST_F(SchedulerCoreTest, LongStallRunsOnceAndKeepsPhase) {
  JitterSequence jitter({0.5});
  Scheduler s(clock_, 1, jitter.Source());
  const SteadyTime t0 = clock_.SteadyNow();
  s.SetJobs({MakeJob("a", 10s)});
  clock_.Advance(47s);  // four periods missed (5, 15, 25, 35, 45 were due)
  EXPECT_EQ(RunDue(s).size(), 1u);
  EXPECT_EQ(s.NextDue(), t0 + 55s);
  EXPECT_TRUE(s.SkippedCounts().empty());  // missed, not skipped
}

// The counts list only jobs that counted (the render writes the zeros of
// every other target): nothing before anything ran.
TEST_F(SchedulerCoreTest, CountsListOnlyJobsThatCounted) {
  Scheduler s(clock_, 1, [] { return 0.5; });
  s.SetJobs({MakeJob("a", 10s), MakeJob("b", 10s)});
  EXPECT_TRUE(s.SkippedCounts().empty());
  EXPECT_TRUE(s.ErrorCounts().empty());
}

TEST_F(SchedulerCoreTest, DueWhileStillRunningIsSkippedAndCounted) {
  Scheduler s(clock_, 1, [] { return 0.0; });
  s.SetJobs({MakeJob("slow", 10s)});
  auto first = s.PopDue(clock_.SteadyNow());
  ASSERT_EQ(first.size(), 1u);  // started, not finished

  clock_.Advance(10s);
  EXPECT_TRUE(s.PopDue(clock_.SteadyNow()).empty());
  clock_.Advance(10s);
  EXPECT_TRUE(s.PopDue(clock_.SteadyNow()).empty());
  EXPECT_EQ(CountOf(s.SkippedCounts(), "slow"), 2u);

  s.Execute(first[0]);  // the slow run ends
  clock_.Advance(10s);
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"slow"});
  EXPECT_EQ(CountOf(s.SkippedCounts(), "slow"), 2u);
}

TEST_F(SchedulerCoreTest, SetJobsKeepsPhaseOfKeptTargetsAndDropsRemoved) {
  JitterSequence jitter({0.5, 0.5, 0.1});
  Scheduler s(clock_, 2, jitter.Source());
  const SteadyTime t0 = clock_.SteadyNow();
  s.SetJobs({MakeJob("keep", 10s), MakeJob("gone", 10s)});
  clock_.Advance(3s);
  s.SetJobs({MakeJob("keep", 10s), MakeJob("new", 10s)});  // new: 3s + 0.1 * 10s

  EXPECT_EQ(s.NextDue(), t0 + 4s);
  clock_.Advance(1s);
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"new"});
  clock_.Advance(1s);
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"keep"});  // still at t0 + 5s

  runs_.clear();
  for (int i = 0; i < 30; ++i) {
    clock_.Advance(1s);
    RunDue(s);
  }
  EXPECT_EQ(std::count(runs_.begin(), runs_.end(), "gone"), 0);
  EXPECT_EQ(std::count(runs_.begin(), runs_.end(), "keep"), 3);
  EXPECT_EQ(std::count(runs_.begin(), runs_.end(), "new"), 3);
}

TEST_F(SchedulerCoreTest, RemovedTargetRunningFinishesAndReaddedWaitsForIt) {
  Scheduler s(clock_, 2, [] { return 0.0; });
  s.SetJobs({MakeJob("t", 10s)});
  auto in_flight = s.PopDue(clock_.SteadyNow());
  ASSERT_EQ(in_flight.size(), 1u);

  s.SetJobs({});
  s.SetJobs({MakeJob("t", 10s)});                     // re-added while the old run is going
  EXPECT_TRUE(s.PopDue(clock_.SteadyNow()).empty());  // never two at once

  s.Execute(in_flight[0]);
  EXPECT_EQ(runs_, std::vector<std::string>{"t"});
  clock_.Advance(10s);
  EXPECT_EQ(RunDue(s), std::vector<std::string>{"t"});
}

TEST_F(SchedulerCoreTest, SkipCountersOfRemovedTargetsAreDropped) {
  Scheduler s(clock_, 1, [] { return 0.0; });
  s.SetJobs({MakeJob("t", 10s)});
  auto in_flight = s.PopDue(clock_.SteadyNow());
  clock_.Advance(10s);
  (void)s.PopDue(clock_.SteadyNow());
  ASSERT_EQ(CountOf(s.SkippedCounts(), "t"), 1u);
  s.SetJobs({});
  EXPECT_TRUE(s.SkippedCounts().empty());
  s.Execute(in_flight[0]);
}

TEST_F(SchedulerCoreTest, EachRunGetsDeadlineOfItsTimeoutFromStart) {
  Scheduler s(clock_, 1, [] { return 0.0; });
  s.SetJobs({MakeJob("a", 60s, 7s)});
  auto due = s.PopDue(clock_.SteadyNow());
  ASSERT_EQ(due.size(), 1u);
  clock_.Advance(2s);  // queued for a while before a worker takes it
  const SteadyTime started = clock_.SteadyNow();
  s.Execute(due[0]);
  ASSERT_EQ(deadlines_.size(), 1u);
  EXPECT_EQ(deadlines_[0], started + 7s);
}

TEST_F(SchedulerCoreTest, TheRunsDeadlineReadsTheInjectedClock) {
  // A probe sees its deadline pass when the scheduler's clock says so, not
  // the real one: the run advances the manual clock and watches it flip.
  Scheduler s(clock_, 1, [] { return 0.0; });
  std::vector<bool> expired;
  s.SetJobs({Job{"a", 60s, 5s, [&](const Deadline& d) {
                   expired.push_back(d.Expired());
                   clock_.Advance(4s);
                   expired.push_back(d.Expired());
                   clock_.Advance(1s);
                   expired.push_back(d.Expired());
                 }}});
  for (const auto& due : s.PopDue(clock_.SteadyNow())) s.Execute(due);
  EXPECT_EQ(expired, (std::vector<bool>{false, false, true}));
}

TEST_F(SchedulerCoreTest, ThrowingJobIsMarkedFinished) {
  Scheduler s(clock_, 1, [] { return 0.0; });
  s.SetJobs({Job{"boom", 10s, 1s, [](const Deadline&) { throw std::runtime_error("bug"); }}});
  auto due = s.PopDue(clock_.SteadyNow());
  ASSERT_EQ(due.size(), 1u);
  s.Execute(due[0]);
  clock_.Advance(10s);
  EXPECT_EQ(s.PopDue(clock_.SteadyNow()).size(), 1u);  // not "still running"
  EXPECT_EQ(CountOf(s.SkippedCounts(), "boom"), 0u);
}

TEST_F(SchedulerCoreTest, ThrowingJobIsLoggedAndCountedAndOthersKeepRunning) {
  std::ostringstream out;
  Logger log(out, LogLevel::kDebug, LogFormat::kLogfmt, clock_);
  Scheduler s(
      clock_, 1, [] { return 0.0; }, &log);
  s.SetJobs({Job{"boom", 10s, 1s, [](const Deadline&) { throw std::runtime_error("bug in probe"); }},
             MakeJob("ok", 10s)});
  EXPECT_EQ(RunDue(s).size(), 2u);
  EXPECT_EQ(runs_, std::vector<std::string>{"ok"});
  EXPECT_EQ(s.ErrorCounts(), (Scheduler::TargetCounts{{"boom", 1}}));
  const std::string line = out.str();
  EXPECT_NE(line.find("level=error"), std::string::npos) << line;
  EXPECT_NE(line.find("target=boom"), std::string::npos) << line;
  EXPECT_NE(line.find("error=\"bug in probe\""), std::string::npos) << line;

  clock_.Advance(10s);  // both come due again: the throw left nothing "running"
  EXPECT_EQ(RunDue(s).size(), 2u);
  EXPECT_EQ(runs_, (std::vector<std::string>{"ok", "ok"}));
  EXPECT_EQ(CountOf(s.ErrorCounts(), "boom"), 2u);
  EXPECT_TRUE(s.SkippedCounts().empty());
}

TEST_F(SchedulerCoreTest, NonStandardExceptionIsLoggedAndCounted) {
  std::ostringstream out;
  Logger log(out, LogLevel::kInfo, LogFormat::kLogfmt, clock_);
  Scheduler s(
      clock_, 1, [] { return 0.0; }, &log);
  s.SetJobs({Job{"odd", 10s, 1s, [](const Deadline&) { throw 42; }}});
  RunDue(s);
  EXPECT_EQ(CountOf(s.ErrorCounts(), "odd"), 1u);
  EXPECT_NE(out.str().find("target=odd"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("not a std::exception"), std::string::npos) << out.str();
}

TEST_F(SchedulerCoreTest, ErrorCountersOfRemovedTargetsAreDropped) {
  Scheduler s(clock_, 1, [] { return 0.0; });  // no logger: still counted
  s.SetJobs({Job{"boom", 10s, 1s, [](const Deadline&) { throw std::runtime_error("bug"); }}, MakeJob("a")});
  RunDue(s);
  EXPECT_EQ(s.ErrorCounts(), (Scheduler::TargetCounts{{"boom", 1}}));
  s.SetJobs({MakeJob("a")});
  EXPECT_TRUE(s.ErrorCounts().empty());
}

TEST_F(SchedulerCoreTest, StopWithoutStartAndRepeatedStopAreHarmless) {
  Scheduler s(clock_, 1, [] { return 0.0; });
  s.SetJobs({MakeJob("a")});
  s.Stop();
  s.Stop();
  s.Start();  // a stopped scheduler stays stopped: no threads to join here
  s.Stop();
  s.RunOnceAll();  // --once needs no loop thread
  EXPECT_EQ(runs_, std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace lde::schedule
