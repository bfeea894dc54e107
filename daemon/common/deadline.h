#pragma once

#include <algorithm>
#include <chrono>

#include "common/clock.h"

namespace lde {

// The end of a probe's time budget, on the steady timeline of a Clock. Every
// blocking call is given Remaining() and every loop that reads or writes
// checks Expired() on each pass, so one slow or chatty peer costs at most the
// timeout. Time is read only through the clock (the scheduler's injected
// one; a ManualClock in tests), which must outlive the deadline and every
// copy of it. Copyable; thread-safe as far as the clock is.
class Deadline {
 public:
  Deadline(const Clock& clock, SteadyTime at) : clock_(&clock), at_(at) {}
  static Deadline After(const Clock& clock, Duration d) { return Deadline(clock, clock.SteadyNow() + d); }

  const Clock& clock() const { return *clock_; }
  SteadyTime at() const { return at_; }
  // The clock's steady now: what elapsed-time measurements under a deadline use.
  SteadyTime Now() const { return clock_->SteadyNow(); }
  bool Expired() const { return Now() >= at_; }
  Duration Remaining() const { return std::max(Duration::zero(), Duration(at_ - Now())); }
  // Milliseconds left, rounded up so poll() never spins with 0 before the end.
  int RemainingMillis() const {
    auto left = Remaining();
    if (left <= Duration::zero()) return 0;
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(std::min<long long>(ms, 1 << 30));
  }
  // A sub-deadline on the same clock that ends no later than this one.
  Deadline Earliest(Duration d) const { return Deadline(*clock_, std::min(at_, Now() + d)); }

 private:
  const Clock* clock_;
  SteadyTime at_;
};

}  // namespace lde
