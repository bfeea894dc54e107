#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "common/deadline.h"
#include "model/probe_result.h"

namespace lde::schedule {

using ResultPtr = std::shared_ptr<const model::ProbeResult>;

// One run of one target, shared by everyone who asks for that target while
// it runs (single flight). Thread-safe.
class Flight {
 public:
  enum class Status {
    kLanded,    // the run finished; `result` is null when it threw
    kTimedOut,  // the deadline passed first (the run goes on)
    kStopped,   // the daemon is stopping
  };
  struct Outcome {
    Status status = Status::kTimedOut;
    ResultPtr result;
  };

  // Waits until the run lands, `deadline` passes or the table stops. A
  // deadline already past answers at once. The wait is measured on the
  // steady clock from the deadline's Remaining() at the call (the same
  // thing for SystemClock; a ManualClock test passes an expired deadline
  // or lands the flight).
  Outcome Wait(const Deadline& deadline);
  bool landed() const;

 private:
  friend class FlightTable;
  void Land(ResultPtr result);
  void Stop();

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool landed_ = false;
  bool stopped_ = false;
  ResultPtr result_;
};

// The runs in progress, one per target at most, whoever started them (the
// scheduler or GET /probe): whoever asks for a target that is running joins
// that run instead of starting a second one. Thread-safe.
class FlightTable {
 public:
  FlightTable() = default;
  FlightTable(const FlightTable&) = delete;
  FlightTable& operator=(const FlightTable&) = delete;

  struct Joined {
    std::shared_ptr<Flight> flight;
    bool started = false;  // true: the caller must run the probe and Land
  };
  // The target's run in progress, or a new one the caller must run.
  Joined JoinOrStart(const std::string& target);
  // A new flight the caller must run and Land, or null when the target
  // already runs.
  std::shared_ptr<Flight> TryStart(const std::string& target);
  // The target's run in progress, or null.
  std::shared_ptr<Flight> Find(const std::string& target) const;
  // Publishes the result to every waiter, now and later, and forgets the
  // flight, so the next request starts a new run. Call exactly once per
  // started flight.
  void Land(const std::string& target, const std::shared_ptr<Flight>& flight, ResultPtr result);
  // Wakes every waiter with kStopped; flights started later are born
  // stopped (their runs still land, for whoever stores the result).
  void Stop();
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Flight>> flights_;
  bool stopped_ = false;
};

// Lands a started flight when it goes out of scope: with the result given
// to Land(), or null if the run threw, so no waiter waits past a failed run.
class LandingGuard {
 public:
  LandingGuard(FlightTable& table, std::string target, std::shared_ptr<Flight> flight)
      : table_(table), target_(std::move(target)), flight_(std::move(flight)) {}
  ~LandingGuard() {
    if (flight_) table_.Land(target_, flight_, nullptr);
  }
  LandingGuard(const LandingGuard&) = delete;
  LandingGuard& operator=(const LandingGuard&) = delete;

  void Land(ResultPtr result) {
    if (flight_) table_.Land(target_, std::exchange(flight_, nullptr), std::move(result));
  }

 private:
  FlightTable& table_;
  std::string target_;
  std::shared_ptr<Flight> flight_;
};

}  // namespace lde::schedule
