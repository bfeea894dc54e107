// The threaded shell: worker bound, Stop() and RunOnceAll() with real threads.
// Synchronisation is by condition variables with bounded waits, never sleeps.

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "schedule/scheduler.h"
#include "target_counts.h"

namespace lde::schedule {
namespace {

using namespace std::chrono_literals;

constexpr auto kWaitLimit = 10s;  // generous bound for every wait below

// Shared state of blocking jobs: counts who runs, holds them at a gate.
class Gate {
 public:
  // Job body: registers as running, waits for a permit (or the deadline).
  void Enter(const std::string& target, const Deadline& deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    ++active_;
    ++started_;
    ++runs_[target];
    max_active_ = std::max(max_active_, active_);
    cv_.notify_all();
    cv_.wait_until(lock, deadline.at(), [&] { return permits_ > 0; });
    if (permits_ > 0) --permits_;
    --active_;
    ++done_;
    cv_.notify_all();
  }
  void Release(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    permits_ += n;
    cv_.notify_all();
  }
  // Bounded wait for a condition on the counters.
  template <typename Pred>
  bool WaitFor(Pred pred) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, kWaitLimit, [&] { return pred(*this); });
  }

  int active_ = 0, max_active_ = 0, started_ = 0, done_ = 0, permits_ = 0;
  std::map<std::string, int> runs_;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
};

std::vector<Job> GatedJobs(Gate& gate, int n, Duration timeout) {
  std::vector<Job> jobs;
  for (int i = 0; i < n; ++i) {
    std::string target = "t" + std::to_string(i);
    // A long interval: each job is due once, at start (jitter 0).
    jobs.push_back(Job{target, 1h, timeout, [&gate, target](const Deadline& d) { gate.Enter(target, d); }});
  }
  return jobs;
}

TEST(SchedulerThreadsTest, AtMostConcurrencyRunsAtOnce) {
  SystemClock clock;
  Gate gate;
  Scheduler s(clock, 2, [] { return 0.0; });
  s.SetJobs(GatedJobs(gate, 6, 30s));
  s.Start();

  ASSERT_TRUE(gate.WaitFor([](Gate& g) { return g.started_ >= 2; }));
  // Let the runs through one at a time; each finished run frees one worker.
  for (int finished = 1; finished <= 6; ++finished) {
    gate.Release(1);
    ASSERT_TRUE(gate.WaitFor([&](Gate& g) { return g.done_ == finished; })) << finished;
  }
  s.Stop();
  EXPECT_EQ(gate.max_active_, 2);
  EXPECT_EQ(gate.started_, 6);
  for (const auto& [target, runs] : gate.runs_) EXPECT_EQ(runs, 1) << target;
}

// Runs that come due one at a time go to the worker that went idle last, so
// a light load stays on the threads whose caches are warm. Twelve runs, each
// due after the previous one ended, on eight workers. The worker that ran the
// last one may still be on its way back to idle when the next comes due (and
// a busy machine may hold it there for several turns), so a few threads may
// share them; waking whichever worker has slept longest takes all eight in
// turn.
TEST(SchedulerThreadsTest, RunsThatComeOneAtATimeStayOnTheWorkersThatRanLast) {
  SystemClock clock;
  std::mutex mutex;
  std::condition_variable ran;
  std::set<std::thread::id> threads;
  int done = 0;
  Scheduler s(clock, 8, [] { return 0.0; });
  s.Start();
  std::vector<Job> jobs;
  for (int i = 0; i < 12; ++i) {
    jobs.push_back(Job{"t" + std::to_string(i), 1h, 10s, [&](const Deadline&) {
                         std::lock_guard<std::mutex> lock(mutex);
                         threads.insert(std::this_thread::get_id());
                         ++done;
                         ran.notify_all();
                       }});
    s.SetJobs(jobs);  // the new target is due now; the others next in an hour
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(ran.wait_for(lock, kWaitLimit, [&] { return done == i + 1; })) << i;
  }
  s.Stop();
  EXPECT_LE(threads.size(), 4u);
}

TEST(SchedulerThreadsTest, StopWaitsOnlyForTheRunningJobWhichHonoursItsDeadline) {
  SystemClock clock;
  Gate gate;
  Scheduler s(clock, 1, [] { return 0.0; });
  // Two jobs, one worker: one runs (never released, ends at its deadline),
  // the other is queued and must not start once Stop() is called.
  s.SetJobs(GatedJobs(gate, 2, 300ms));
  s.Start();
  ASSERT_TRUE(gate.WaitFor([](Gate& g) { return g.started_ >= 1; }));

  auto before = std::chrono::steady_clock::now();
  s.Stop();
  auto took = std::chrono::steady_clock::now() - before;

  EXPECT_LT(took, 5s);
  EXPECT_EQ(gate.started_, 1);  // the queued run was dropped
  EXPECT_EQ(gate.done_, 1);     // Stop returned after the running job ended
}

TEST(SchedulerThreadsTest, RunOnceAllRunsEveryJobOnceAndWaits) {
  SystemClock clock;
  Gate gate;
  gate.Release(100);
  Scheduler s(clock, 3, [] { return 0.9; });
  s.SetJobs(GatedJobs(gate, 7, 10s));
  s.RunOnceAll();
  EXPECT_EQ(gate.done_, 7);
  EXPECT_EQ(gate.runs_.size(), 7u);
  EXPECT_LE(gate.max_active_, 3);
  for (const auto& [target, runs] : gate.runs_) EXPECT_EQ(runs, 1) << target;
}

TEST(SchedulerThreadsTest, AWorkerSurvivesAThrowingJob) {
  SystemClock clock;
  Gate gate;
  gate.Release(100);
  std::ostringstream out;
  Logger log(out, LogLevel::kInfo, LogFormat::kLogfmt, clock);
  Scheduler s(
      clock, 1, [] { return 0.0; }, &log);  // one worker: it must run all three
  std::vector<Job> jobs = GatedJobs(gate, 2, 10s);
  jobs.push_back(Job{"boom", 1h, 10s, [&gate](const Deadline& d) {
                       gate.Enter("boom", d);
                       throw std::runtime_error("bug");
                     }});
  s.SetJobs(std::move(jobs));
  s.Start();
  EXPECT_TRUE(gate.WaitFor([](Gate& g) { return g.done_ == 3; }));
  s.Stop();  // joins the worker: the throw has been recorded
  EXPECT_EQ(CountOf(s.ErrorCounts(), "boom"), 1u);
  EXPECT_EQ(s.ErrorCounts().size(), 1u);  // the two gated jobs did not throw
  EXPECT_NE(out.str().find("target=boom"), std::string::npos) << out.str();
}

TEST(SchedulerThreadsTest, SetJobsWakesTheLoopForANewTarget) {
  SystemClock clock;
  Gate gate;
  gate.Release(100);
  Scheduler s(clock, 1, [] { return 0.0; });
  s.Start();  // no jobs: the loop waits without a deadline
  s.SetJobs(GatedJobs(gate, 1, 10s));
  EXPECT_TRUE(gate.WaitFor([](Gate& g) { return g.done_ == 1; }));
  s.Stop();
}

}  // namespace
}  // namespace lde::schedule
