#pragma once

#include <chrono>
#include <mutex>

#include "common/clock.h"

namespace lde::testsupport {

// An lde::Clock that moves only when a test says so (Envoy's simulated time).
// Both timelines advance together. Thread-safe.
class ManualClock final : public Clock {
 public:
  // 2024-01-01T00:00:00Z on the system timeline; an arbitrary steady origin.
  ManualClock() : ManualClock(std::chrono::sys_days(std::chrono::year{2024} / 1 / 1)) {}
  // Starting at `start` (e.g. the wall clock's now, for evidence a real tool
  // such as `openssl ocsp` dates with the wall clock).
  explicit ManualClock(SysTime start) : sys_(start), steady_(SteadyTime{} + std::chrono::hours(1)) {}

  SysTime Now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return sys_;
  }
  SteadyTime SteadyNow() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return steady_;
  }
  void Advance(Duration d) {
    std::lock_guard<std::mutex> lock(mutex_);
    sys_ += std::chrono::duration_cast<SysTime::duration>(d);
    steady_ += std::chrono::duration_cast<SteadyTime::duration>(d);
  }

 private:
  mutable std::mutex mutex_;
  SysTime sys_;
  SteadyTime steady_;
};

}  // namespace lde::testsupport
