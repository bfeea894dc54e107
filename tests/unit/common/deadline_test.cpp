// Deadline: sub-deadlines never extend, remaining time rounds up to whole
// milliseconds and is zero once expired. Bounds are measured around each call,
// so the checks hold however slowly the test runs.
#include "common/deadline.h"

#include <gtest/gtest.h>

#include <chrono>

namespace lde {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::seconds;

SteadyTime Now() { return std::chrono::steady_clock::now(); }

TEST(DeadlineTest, PastDeadlineIsExpiredWithNothingLeft) {
  Deadline past(Now() - seconds(1));
  EXPECT_TRUE(past.Expired());
  EXPECT_EQ(past.Remaining(), Duration::zero());
  EXPECT_EQ(past.RemainingMillis(), 0);
}

TEST(DeadlineTest, DeadlineAtNowIsExpired) {
  Deadline now(Now());
  EXPECT_TRUE(now.Expired());
  EXPECT_EQ(now.RemainingMillis(), 0);
}

TEST(DeadlineTest, FutureDeadlineIsNotExpired) {
  auto d = Deadline::After(hours(1));
  EXPECT_FALSE(d.Expired());
  EXPECT_GT(d.Remaining(), std::chrono::minutes(59));
  EXPECT_LE(d.Remaining(), hours(1));
}

TEST(DeadlineTest, AfterIsMeasuredFromNow) {
  SteadyTime before = Now();
  auto d = Deadline::After(seconds(10));
  SteadyTime after = Now();
  EXPECT_GE(d.at(), before + seconds(10));
  EXPECT_LE(d.at(), after + seconds(10));
}

TEST(DeadlineTest, RemainingMillisRoundsUp) {
  // Half a millisecond past a whole number: truncation would lose it.
  SteadyTime at = Now() + seconds(3600) + microseconds(500);
  Deadline d(at);
  SteadyTime before = Now();
  int ms = d.RemainingMillis();
  SteadyTime after = Now();
  // ceil(remaining) covers all the time left when the call returned ...
  EXPECT_GE(milliseconds(ms), at - after);
  // ... and is less than one millisecond more than what was left before it.
  EXPECT_LT(milliseconds(ms), at - before + milliseconds(1));
}

TEST(DeadlineTest, LessThanAMillisecondLeftIsOneNotZero) {
  // Up to 1 ms before the end poll() must get 1, or it would return at once
  // and the caller would spin. Whether the deadline passed during the call is
  // observed around it.
  SteadyTime at = Now() + microseconds(900);
  Deadline d(at);
  int ms = d.RemainingMillis();
  if (Now() < at) {
    EXPECT_EQ(ms, 1);
  } else {
    EXPECT_TRUE(ms == 0 || ms == 1);
  }
}

TEST(DeadlineTest, RemainingMillisIsCappedForHugeDeadlines) {
  Deadline far(Now() + hours(24 * 365 * 100));
  EXPECT_EQ(far.RemainingMillis(), 1 << 30);
}

TEST(DeadlineTest, EarliestNeverExtends) {
  Deadline near(Now() + seconds(1));
  EXPECT_EQ(near.Earliest(hours(1)).at(), near.at());
  Deadline past(Now() - seconds(1));
  EXPECT_EQ(past.Earliest(seconds(10)).at(), past.at());
  EXPECT_TRUE(past.Earliest(seconds(10)).Expired());
}

TEST(DeadlineTest, EarliestShortens) {
  Deadline far(Now() + hours(1));
  SteadyTime before = Now();
  Deadline sub = far.Earliest(seconds(2));
  SteadyTime after = Now();
  EXPECT_GE(sub.at(), before + seconds(2));
  EXPECT_LE(sub.at(), after + seconds(2));
  EXPECT_LT(sub.at(), far.at());
}

TEST(DeadlineTest, EarliestWithZeroOrNegativeIsExpired) {
  Deadline far(Now() + hours(1));
  EXPECT_TRUE(far.Earliest(Duration::zero()).Expired());
  EXPECT_TRUE(far.Earliest(-seconds(5)).Expired());
  EXPECT_EQ(far.Earliest(-seconds(5)).RemainingMillis(), 0);
}

}  // namespace
}  // namespace lde
