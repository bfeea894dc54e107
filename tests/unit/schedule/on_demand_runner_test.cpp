// The on-demand lane of GET /probe with fake runs held at a gate: single
// flight (with requests and with the scheduler), the lane bound, bounded
// waits on a ManualClock, a throwing run, stopping. No sockets, no sleeps.

#include "schedule/on_demand_runner.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/metrics_text/manual_clock.h"

namespace lde::schedule {
namespace {

using namespace std::chrono_literals;
using testsupport::ManualClock;
using Start = OnDemandRunner::Start;

constexpr auto kWaitLimit = 10s;  // bound of every real wait; tests finish far sooner

// Fake probe runs: each counts itself, records its deadline and waits at
// the gate until the test opens it (or kWaitLimit passes).
class Gate {
 public:
  OnDemandRunner::Run RunFor(const std::string& target, bool throws = false) {
    return [this, target, throws](const Deadline& deadline) -> ResultPtr {
      std::unique_lock<std::mutex> lock(mutex_);
      ++runs_[target];
      ++active_;
      deadlines_[target] = deadline.at();
      changed_.notify_all();
      changed_.wait_for(lock, kWaitLimit, [this] { return open_; });
      --active_;
      changed_.notify_all();
      if (throws) throw std::runtime_error("bug in the probe");
      model::ProbeResult r;
      r.target = target;
      r.success = true;
      return std::make_shared<const model::ProbeResult>(std::move(r));
    };
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool WaitForActive(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kWaitLimit, [&] { return active_ == n; });
  }
  int runs(const std::string& target) {
    std::lock_guard<std::mutex> lock(mutex_);
    return runs_[target];
  }
  SteadyTime deadline(const std::string& target) {
    std::lock_guard<std::mutex> lock(mutex_);
    return deadlines_[target];
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int active_ = 0;
  std::map<std::string, int> runs_;
  std::map<std::string, SteadyTime> deadlines_;
};

Flight::Outcome WaitLong(const std::shared_ptr<Flight>& flight) {
  SystemClock real;
  return flight->Wait(Deadline::After(real, kWaitLimit));
}

TEST(OnDemandRunnerTest, ConcurrentRequestsForOneTargetShareOneRun) {
  ManualClock clock;
  FlightTable flights;
  Gate gate;
  OnDemandRunner runner(clock, flights, 2);
  auto first = runner.Begin("a", 10s, gate.RunFor("a"));
  ASSERT_EQ(first.start, Start::kStarted);
  ASSERT_TRUE(gate.WaitForActive(1));
  auto second = runner.Begin("a", 10s, gate.RunFor("a"));
  EXPECT_EQ(second.start, Start::kJoined);
  EXPECT_EQ(second.flight, first.flight);
  EXPECT_EQ(runner.busy(), 1);  // joining takes no lane

  gate.Open();
  auto a = WaitLong(first.flight);
  auto b = WaitLong(second.flight);
  ASSERT_EQ(a.status, Flight::Status::kLanded);
  ASSERT_EQ(b.status, Flight::Status::kLanded);
  ASSERT_NE(a.result, nullptr);
  EXPECT_EQ(a.result, b.result);  // the same result object
  EXPECT_EQ(a.result->target, "a");
  EXPECT_EQ(gate.runs("a"), 1);
  // Landed and forgotten: the next request runs anew, on a free lane.
  EXPECT_EQ(runner.busy(), 0);
  auto third = runner.Begin("a", 10s, gate.RunFor("a"));
  EXPECT_EQ(third.start, Start::kStarted);
  EXPECT_EQ(WaitLong(third.flight).status, Flight::Status::kLanded);
  EXPECT_EQ(gate.runs("a"), 2);
}

TEST(OnDemandRunnerTest, ARequestJoinsTheScheduledRunInProgress) {
  ManualClock clock;
  FlightTable flights;
  Gate gate;
  OnDemandRunner runner(clock, flights, 1);
  auto scheduled = flights.TryStart("a");  // as a scheduled job does
  ASSERT_NE(scheduled, nullptr);
  auto ticket = runner.Begin("a", 10s, gate.RunFor("a"));
  EXPECT_EQ(ticket.start, Start::kJoined);
  EXPECT_EQ(ticket.flight, scheduled);
  EXPECT_EQ(runner.busy(), 0);
  model::ProbeResult r;
  r.target = "a";
  ResultPtr result = std::make_shared<const model::ProbeResult>(r);
  flights.Land("a", scheduled, result);
  EXPECT_EQ(WaitLong(ticket.flight).result, result);
  EXPECT_EQ(gate.runs("a"), 0);  // nothing ran on the lane
  // And a scheduled run does not start while a requested one is going.
  auto requested = runner.Begin("a", 10s, gate.RunFor("a"));
  ASSERT_EQ(requested.start, Start::kStarted);
  EXPECT_EQ(flights.TryStart("a"), nullptr);
  gate.Open();
  EXPECT_EQ(WaitLong(requested.flight).status, Flight::Status::kLanded);
}

TEST(OnDemandRunnerTest, EveryLaneTakenRefusesNewTargetsAtOnceButStillJoins) {
  ManualClock clock;
  FlightTable flights;
  Gate gate;
  OnDemandRunner runner(clock, flights, 2);
  ASSERT_EQ(runner.Begin("a", 10s, gate.RunFor("a")).start, Start::kStarted);
  ASSERT_EQ(runner.Begin("b", 10s, gate.RunFor("b")).start, Start::kStarted);
  ASSERT_TRUE(gate.WaitForActive(2));
  // A burst: nothing new starts, nothing queues, every answer is immediate.
  int busy = 0, joined = 0;
  for (int i = 0; i < 200; ++i) {
    std::string target = i % 10 == 0 ? "a" : "t" + std::to_string(i);
    auto ticket = runner.Begin(target, 10s, gate.RunFor(target));
    if (ticket.start == Start::kBusy) {
      ++busy;
      EXPECT_EQ(ticket.flight, nullptr);
    }
    if (ticket.start == Start::kJoined) ++joined;
  }
  EXPECT_EQ(busy, 180);
  EXPECT_EQ(joined, 20);
  EXPECT_EQ(runner.busy(), 2);
  EXPECT_EQ(flights.size(), 2u);
  gate.Open();
  ASSERT_TRUE(gate.WaitForActive(0));
  EXPECT_EQ(gate.runs("a"), 1);
  EXPECT_EQ(gate.runs("t1"), 0);
}

TEST(OnDemandRunnerTest, TheRunGetsItsTimeoutAndAWaiterGivesUpAtItsOwnDeadline) {
  ManualClock clock;
  FlightTable flights;
  Gate gate;
  OnDemandRunner runner(clock, flights, 1);
  const Deadline wait = Deadline::After(clock, 11s);  // as /probe: timeout + margin
  auto ticket = runner.Begin("a", 10s, gate.RunFor("a"));
  ASSERT_EQ(ticket.start, Start::kStarted);
  ASSERT_TRUE(gate.WaitForActive(1));
  EXPECT_EQ(gate.deadline("a"), clock.SteadyNow() + 10s);  // the clock has not moved

  clock.Advance(11s);
  auto outcome = ticket.flight->Wait(wait);
  EXPECT_EQ(outcome.status, Flight::Status::kTimedOut);
  EXPECT_EQ(outcome.result, nullptr);
  // The run goes on, keeps its lane, and lands for whoever waits next.
  EXPECT_EQ(runner.busy(), 1);
  EXPECT_EQ(runner.Begin("a", 10s, gate.RunFor("a")).start, Start::kJoined);
  gate.Open();
  EXPECT_EQ(WaitLong(ticket.flight).status, Flight::Status::kLanded);
  EXPECT_EQ(gate.runs("a"), 1);
}

TEST(OnDemandRunnerTest, AThrowingRunLandsNullLogsAndTheLaneCarriesOn) {
  SystemClock clock;
  std::ostringstream out;
  Logger log(out, LogLevel::kInfo, LogFormat::kLogfmt, clock);
  FlightTable flights;
  Gate gate;
  gate.Open();
  OnDemandRunner runner(clock, flights, 1, &log);
  auto boom = runner.Begin("boom", 10s, gate.RunFor("boom", /*throws=*/true));
  auto outcome = WaitLong(boom.flight);
  EXPECT_EQ(outcome.status, Flight::Status::kLanded);
  EXPECT_EQ(outcome.result, nullptr);
  auto next = runner.Begin("a", 10s, gate.RunFor("a"));
  ASSERT_EQ(next.start, Start::kStarted);
  ASSERT_NE(WaitLong(next.flight).result, nullptr);
  runner.Stop();
  EXPECT_NE(out.str().find("probe run threw"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("target=boom"), std::string::npos) << out.str();
}

TEST(OnDemandRunnerTest, StopWakesWaitersRefusesNewRequestsAndLetsTheRunLand) {
  ManualClock clock;
  FlightTable flights;
  Gate gate;
  OnDemandRunner runner(clock, flights, 1);
  auto ticket = runner.Begin("a", 10s, gate.RunFor("a"));
  ASSERT_TRUE(gate.WaitForActive(1));
  std::thread stopper([&] { runner.Stop(); });  // joins the lane: waits for the run
  EXPECT_EQ(WaitLong(ticket.flight).status, Flight::Status::kStopped);
  gate.Open();
  stopper.join();
  EXPECT_TRUE(ticket.flight->landed());
  EXPECT_EQ(gate.runs("a"), 1);
  auto late = runner.Begin("b", 10s, gate.RunFor("b"));
  EXPECT_EQ(late.start, Start::kStopped);
  EXPECT_EQ(late.flight, nullptr);
  EXPECT_EQ(gate.runs("b"), 0);
  runner.Stop();  // idempotent
}

}  // namespace
}  // namespace lde::schedule
