// Deadline: time is read only through the injected clock, so a ManualClock
// drives it exactly (no sleeping, no bounds measured around calls);
// sub-deadlines never extend; remaining time rounds up to whole milliseconds
// and is zero once expired.
#include "common/deadline.h"

#include <gtest/gtest.h>

#include <chrono>

#include "support/metrics_text/manual_clock.h"

namespace lde {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testsupport::ManualClock;

TEST(DeadlineTest, ExpiredFlipsWhenTheManualClockAdvances) {
  ManualClock clock;
  auto d = Deadline::After(clock, seconds(10));
  EXPECT_EQ(d.at(), clock.SteadyNow() + seconds(10));
  EXPECT_FALSE(d.Expired());
  EXPECT_EQ(d.Remaining(), seconds(10));

  clock.Advance(seconds(9) + milliseconds(999));
  EXPECT_FALSE(d.Expired());
  EXPECT_EQ(d.Remaining(), milliseconds(1));
  EXPECT_EQ(d.RemainingMillis(), 1);

  clock.Advance(milliseconds(1));  // exactly at the deadline
  EXPECT_TRUE(d.Expired());
  EXPECT_EQ(d.Remaining(), Duration::zero());
  EXPECT_EQ(d.RemainingMillis(), 0);

  clock.Advance(hours(1));
  EXPECT_TRUE(d.Expired());
  EXPECT_EQ(d.Remaining(), Duration::zero());
}

TEST(DeadlineTest, ReadsItsOwnClockNotTheRealOne) {
  // The manual timeline starts an hour after the steady epoch; the real
  // steady clock of a running machine is elsewhere. A deadline in the past
  // of the real clock but in the future of the manual one is not expired.
  ManualClock clock;
  Deadline d(clock, clock.SteadyNow() + seconds(1));
  EXPECT_FALSE(d.Expired());
  EXPECT_EQ(&d.clock(), &clock);
  EXPECT_EQ(d.Now(), clock.SteadyNow());
  // Copies and sub-deadlines keep the clock.
  Deadline copy = d;
  Deadline sub = d.Earliest(milliseconds(500));
  clock.Advance(milliseconds(500));
  EXPECT_FALSE(copy.Expired());
  EXPECT_TRUE(sub.Expired());
  clock.Advance(milliseconds(500));
  EXPECT_TRUE(copy.Expired());
  EXPECT_EQ(&sub.clock(), &clock);
}

TEST(DeadlineTest, PastDeadlineIsExpiredWithNothingLeft) {
  ManualClock clock;
  Deadline past(clock, clock.SteadyNow() - seconds(1));
  EXPECT_TRUE(past.Expired());
  EXPECT_EQ(past.Remaining(), Duration::zero());
  EXPECT_EQ(past.RemainingMillis(), 0);
}

TEST(DeadlineTest, DeadlineAtNowIsExpired) {
  ManualClock clock;
  Deadline now(clock, clock.SteadyNow());
  EXPECT_TRUE(now.Expired());
  EXPECT_EQ(now.RemainingMillis(), 0);
}

TEST(DeadlineTest, RemainingMillisRoundsUp) {
  // Half a millisecond past a whole number: truncation would lose it.
  ManualClock clock;
  Deadline d(clock, clock.SteadyNow() + seconds(3600) + microseconds(500));
  EXPECT_EQ(d.RemainingMillis(), 3600 * 1000 + 1);
  clock.Advance(seconds(3600));
  // Less than a millisecond left is 1, not 0: poll() would return at once
  // and the caller would spin.
  EXPECT_EQ(d.RemainingMillis(), 1);
  clock.Advance(microseconds(499));
  EXPECT_EQ(d.RemainingMillis(), 1);
  clock.Advance(microseconds(1));
  EXPECT_EQ(d.RemainingMillis(), 0);
}

TEST(DeadlineTest, RemainingMillisIsCappedForHugeDeadlines) {
  ManualClock clock;
  Deadline far(clock, clock.SteadyNow() + hours(24 * 365 * 100));
  EXPECT_EQ(far.RemainingMillis(), 1 << 30);
}

TEST(DeadlineTest, EarliestNeverExtends) {
  ManualClock clock;
  Deadline near(clock, clock.SteadyNow() + seconds(1));
  EXPECT_EQ(near.Earliest(hours(1)).at(), near.at());
  Deadline past(clock, clock.SteadyNow() - seconds(1));
  EXPECT_EQ(past.Earliest(seconds(10)).at(), past.at());
  EXPECT_TRUE(past.Earliest(seconds(10)).Expired());
}

TEST(DeadlineTest, EarliestShortensFromTheClocksNow) {
  ManualClock clock;
  Deadline far(clock, clock.SteadyNow() + hours(1));
  clock.Advance(seconds(30));
  Deadline sub = far.Earliest(seconds(2));
  EXPECT_EQ(sub.at(), clock.SteadyNow() + seconds(2));
  EXPECT_LT(sub.at(), far.at());
}

TEST(DeadlineTest, EarliestWithZeroOrNegativeIsExpired) {
  ManualClock clock;
  Deadline far(clock, clock.SteadyNow() + hours(1));
  EXPECT_TRUE(far.Earliest(Duration::zero()).Expired());
  EXPECT_TRUE(far.Earliest(-seconds(5)).Expired());
  EXPECT_EQ(far.Earliest(-seconds(5)).RemainingMillis(), 0);
}

TEST(DeadlineTest, SystemClockDeadlineIsMeasuredFromTheRealNow) {
  SystemClock clock;
  SteadyTime before = clock.SteadyNow();
  auto d = Deadline::After(clock, seconds(10));
  SteadyTime after = clock.SteadyNow();
  EXPECT_GE(d.at(), before + seconds(10));
  EXPECT_LE(d.at(), after + seconds(10));
  EXPECT_FALSE(d.Expired());
  EXPECT_TRUE(Deadline::After(clock, -milliseconds(1)).Expired());
}

}  // namespace
}  // namespace lde
