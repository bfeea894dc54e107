#pragma once

#include <chrono>

namespace lde {

using SysTime = std::chrono::system_clock::time_point;
using SteadyTime = std::chrono::steady_clock::time_point;
using Duration = std::chrono::nanoseconds;

// Time is a parameter: analysis takes `now`, the scheduler takes a Clock, so
// tests control time instead of sleeping. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SysTime Now() const = 0;
  virtual SteadyTime SteadyNow() const = 0;
};

class SystemClock final : public Clock {
 public:
  SysTime Now() const override { return std::chrono::system_clock::now(); }
  SteadyTime SteadyNow() const override { return std::chrono::steady_clock::now(); }
};

inline double ToSeconds(Duration d) { return std::chrono::duration<double>(d).count(); }

inline double ToUnixSeconds(SysTime t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

}  // namespace lde
