#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/log.h"
#include "schedule/flight_table.h"

namespace lde::schedule {

// Runs probes on request (GET /probe), beside the schedule:
//
// - Single flight: a request for a target that is running already, on this
//   runner or on the scheduler (both register in the same FlightTable),
//   joins that run and gets its result; it never starts a second one.
// - Its own lane: `lanes` threads of its own, so a request is never queued
//   behind the scheduler's backlog and never takes a scheduler worker.
// - Bounded, no queue: at most `lanes` runs at once; a request that needs a
//   new run while every lane is taken is refused at once (kBusy).
// - Each run gets Deadline::After(clock, timeout) when its lane starts it,
//   which is at once (a free lane was reserved for it).
//
// Begin never waits for a run; the caller waits on the returned flight
// with its own bound (Flight::Wait). Thread-safe. The clock, the table and
// the log must outlive the runner.
class OnDemandRunner {
 public:
  // Runs the probe, stores and logs its result, returns it.
  using Run = std::function<ResultPtr(const Deadline&)>;

  OnDemandRunner(const Clock& clock, FlightTable& flights, int lanes, Logger* log = nullptr);
  ~OnDemandRunner();  // Stop()
  OnDemandRunner(const OnDemandRunner&) = delete;
  OnDemandRunner& operator=(const OnDemandRunner&) = delete;

  enum class Start {
    kStarted,  // a lane runs it now
    kJoined,   // it was running already (scheduled or requested)
    kBusy,     // every lane is taken: nothing started
    kStopped,  // the runner is stopping: nothing started
  };
  struct Ticket {
    Start start = Start::kBusy;
    std::shared_ptr<Flight> flight;  // null for kBusy and kStopped
  };
  Ticket Begin(const std::string& target, Duration timeout, Run run);

  // Refuses new requests, wakes every waiter (kStopped), then joins the
  // lanes once their runs return (bounded by the runs' deadlines).
  // Idempotent.
  void Stop();

  int lanes() const { return lanes_; }
  // Lanes reserved or running now.
  int busy() const;

 private:
  struct Work {
    std::string target;
    Duration timeout{};
    Run run;
    std::shared_ptr<Flight> flight;
  };
  void LaneThread();
  ResultPtr RunSafely(const Work& work);

  const Clock& clock_;
  FlightTable& flights_;
  const int lanes_;
  Logger* const log_;

  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Work> queue_;  // never longer than the free lanes
  int busy_ = 0;            // reserved or running
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace lde::schedule
