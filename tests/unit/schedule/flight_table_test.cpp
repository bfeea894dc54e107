// The single-flight table without lanes: one flight per target until it
// lands, bounded waits, stopping, and the guard that lands a failed run.

#include "schedule/flight_table.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "support/metrics_text/manual_clock.h"

namespace lde::schedule {
namespace {

using namespace std::chrono_literals;
using testsupport::ManualClock;

ResultPtr Result(const std::string& target) {
  model::ProbeResult r;
  r.target = target;
  r.success = true;
  return std::make_shared<const model::ProbeResult>(std::move(r));
}

TEST(FlightTableTest, OneFlightPerTargetUntilItLands) {
  FlightTable table;
  auto first = table.JoinOrStart("a");
  ASSERT_TRUE(first.started);
  auto second = table.JoinOrStart("a");
  EXPECT_FALSE(second.started);
  EXPECT_EQ(second.flight, first.flight);
  EXPECT_EQ(table.TryStart("a"), nullptr);
  EXPECT_EQ(table.Find("a"), first.flight);
  auto other = table.JoinOrStart("b");
  EXPECT_TRUE(other.started);
  EXPECT_NE(other.flight, first.flight);
  EXPECT_EQ(table.size(), 2u);

  ResultPtr result = Result("a");
  table.Land("a", first.flight, result);
  EXPECT_EQ(table.Find("a"), nullptr);
  EXPECT_TRUE(first.flight->landed());
  // Whoever held the flight gets the result, even with no time left.
  ManualClock clock;
  auto outcome = second.flight->Wait(Deadline::After(clock, 0s));
  EXPECT_EQ(outcome.status, Flight::Status::kLanded);
  EXPECT_EQ(outcome.result, result);
  // The next request starts a new run.
  auto again = table.JoinOrStart("a");
  EXPECT_TRUE(again.started);
  EXPECT_NE(again.flight, first.flight);
}

TEST(FlightTableTest, AWaitWhoseDeadlineHasPassedAnswersAtOnce) {
  ManualClock clock;
  FlightTable table;
  auto flight = table.TryStart("a");
  ASSERT_NE(flight, nullptr);
  Deadline deadline = Deadline::After(clock, 10s);
  clock.Advance(10s);
  auto outcome = flight->Wait(deadline);
  EXPECT_EQ(outcome.status, Flight::Status::kTimedOut);
  EXPECT_EQ(outcome.result, nullptr);
  EXPECT_FALSE(flight->landed());
}

TEST(FlightTableTest, AWaiterIsWokenByTheLanding) {
  SystemClock clock;
  FlightTable table;
  auto flight = table.TryStart("a");
  ResultPtr result = Result("a");
  std::thread lander([&] { table.Land("a", flight, result); });
  auto outcome = flight->Wait(Deadline::After(clock, 30s));
  lander.join();
  EXPECT_EQ(outcome.status, Flight::Status::kLanded);
  EXPECT_EQ(outcome.result, result);
}

TEST(FlightTableTest, StopWakesEveryWaiterAndLaterFlightsAreBornStopped) {
  SystemClock clock;
  FlightTable table;
  auto flight = table.TryStart("a");
  std::thread stopper([&] { table.Stop(); });
  EXPECT_EQ(flight->Wait(Deadline::After(clock, 30s)).status, Flight::Status::kStopped);
  stopper.join();
  auto later = table.TryStart("b");
  ASSERT_NE(later, nullptr);
  EXPECT_EQ(later->Wait(Deadline::After(clock, 30s)).status, Flight::Status::kStopped);
  // A run that ends after the stop still lands, for whoever looks.
  ResultPtr result = Result("a");
  table.Land("a", flight, result);
  EXPECT_EQ(flight->Wait(Deadline::After(clock, 0s)).result, result);
}

TEST(FlightTableTest, TheGuardLandsNullWhenTheRunThrows) {
  ManualClock clock;
  FlightTable table;
  auto flight = table.TryStart("a");
  try {
    LandingGuard landing(table, "a", flight);
    throw std::runtime_error("bug");
  } catch (const std::runtime_error&) {
  }
  auto outcome = flight->Wait(Deadline::After(clock, 0s));
  EXPECT_EQ(outcome.status, Flight::Status::kLanded);
  EXPECT_EQ(outcome.result, nullptr);
  EXPECT_EQ(table.Find("a"), nullptr);

  auto next = table.TryStart("a");
  ResultPtr result = Result("a");
  {
    LandingGuard landing(table, "a", next);
    landing.Land(result);
  }  // lands once, with the result
  EXPECT_EQ(next->Wait(Deadline::After(clock, 0s)).result, result);
}

}  // namespace
}  // namespace lde::schedule
