#pragma once

#include <algorithm>
#include <chrono>

#include "common/clock.h"

namespace lde {

// The end of a probe's time budget, on the steady clock. Every blocking call
// is given Remaining() so that one slow peer costs at most the timeout.
class Deadline {
 public:
  explicit Deadline(SteadyTime at) : at_(at) {}
  static Deadline After(Duration d) { return Deadline(std::chrono::steady_clock::now() + d); }

  SteadyTime at() const { return at_; }
  bool Expired() const { return std::chrono::steady_clock::now() >= at_; }
  Duration Remaining() const {
    return std::max(Duration::zero(), Duration(at_ - std::chrono::steady_clock::now()));
  }
  // Milliseconds left, rounded up so poll() never spins with 0 before the end.
  int RemainingMillis() const {
    auto left = Remaining();
    if (left <= Duration::zero()) return 0;
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(std::min<long long>(ms, 1 << 30));
  }
  // A sub-deadline that ends no later than this one.
  Deadline Earliest(Duration d) const {
    return Deadline(std::min(at_, std::chrono::steady_clock::now() + d));
  }

 private:
  SteadyTime at_;
};

}  // namespace lde
