#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/log.h"
#include "schedule/due_queue.h"
#include "schedule/job.h"

namespace lde::schedule {

// Runs every Job once per interval on a fixed pool of worker threads.
//
// - First runs are spread over the interval (offset = jitter() * interval),
//   then each job runs every interval, on its phase.
// - Never two runs of one target at once: a run that comes due while the
//   previous one is still queued or running is skipped and counted.
// - At most `concurrency` runs at once; the queue holds at most one pending
//   run per target, so it is bounded by the number of jobs.
// - Each run gets Deadline::After(clock, timeout) when it starts: on the
//   injected clock, which the probe reads for every time check.
// - A run that throws (a bug: probes report failure as results) is logged
//   at error level with its target and counted per target; the worker
//   carries on with the next run.
//
// The thread loop is a thin shell around PopDue/Execute/NextDue, which tests
// call directly with a ManualClock: no threads, no sleeping. (A worker runs
// Execute's two steps itself, finishing under the lock it then waits with.)
// Thread-safe. The clock must outlive the scheduler.
class Scheduler {
 public:
  // `jitter` returns values in [0,1); injectable so tests choose the phases.
  // `log` (may be null; must outlive the scheduler) receives failed runs.
  Scheduler(const Clock& clock, int concurrency, std::function<double()> jitter, Logger* log = nullptr);
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Replaces the job set (on reload): kept targets keep their phase, removed
  // ones stop being scheduled (a run in flight finishes), new ones get a
  // jittered first run. Wakes the loop.
  void SetJobs(std::vector<Job> jobs);

  // Starts the loop thread and the workers. No-op if started or stopped.
  void Start();
  // Stops scheduling, drops queued runs that have not started, then joins
  // the workers once their current runs return (runs honour their
  // deadline, so this is bounded by the longest timeout). Idempotent; a
  // stopped scheduler stays stopped.
  void Stop();

  // Runs every job once on up to `concurrency` threads and waits (--once).
  // Meant instead of Start(); jobs already running are not run again.
  void RunOnceAll();

  using TargetCounts = schedule::TargetCounts;
  // Runs skipped because the previous run was still going: the jobs of the
  // set that have skipped, sorted by target (a job not listed has 0).
  TargetCounts SkippedCounts() const;
  // Runs that ended by throwing, listed as in SkippedCounts(). Targets leave
  // when they leave the job set.
  TargetCounts ErrorCounts() const;

  // ---- The thread-free core (used by the loop; called directly by tests).
  // Runs due at `now`, each marked running until Execute returns.
  std::vector<Dispatch> PopDue(SteadyTime now);
  // Runs one dispatch on the calling thread, then marks it finished.
  void Execute(const Dispatch& dispatch);
  std::optional<SteadyTime> NextDue();

 private:
  // One per worker thread. The loop hands a run to the worker that went idle
  // last, through that worker's own slot and condition variable, not to
  // whichever waiter a shared condition variable wakes: glibc wakes the
  // longest sleeper, so at a few probes a second the 64 workers took turns
  // and every probe ran on a thread whose stack and allocator cache had gone
  // cold. Now the same few threads carry a light load, and a burst still
  // fans out to all of them.
  struct Worker {
    std::condition_variable wake;
    std::optional<Dispatch> handed;  // guarded by mutex_
  };

  void LoopThread();
  void WorkerThread(Worker& self);
  // Hands `dispatch` to the most recently idle worker and returns that
  // worker, for the caller to wake once it has released mutex_; else queues
  // it for the first worker to finish and returns nullptr. Called with
  // mutex_ held.
  Worker* HandOut(Dispatch dispatch);
  // Runs the dispatch under its deadline and records a throw; no lock held.
  void RunCatching(const Dispatch& dispatch);
  void RecordError(const std::string& target, std::string_view what);

  const Clock& clock_;
  const int concurrency_;
  Logger* const log_;

  mutable std::mutex mutex_;
  DueQueue queue_;                // guarded by mutex_; also counts the runs that threw
  std::deque<Dispatch> pending_;  // guarded by mutex_: due while every worker was busy
  std::vector<Worker*> idle_;     // guarded by mutex_: the last one went idle last
  bool started_ = false;          // guarded by mutex_
  bool stopping_ = false;         // guarded by mutex_
  bool wake_loop_ = false;        // guarded by mutex_: the job set changed
  std::condition_variable loop_cv_;

  std::vector<std::unique_ptr<Worker>> worker_states_;  // made by Start, dropped by Stop
  std::thread loop_thread_;
  std::vector<std::thread> workers_;
};

}  // namespace lde::schedule
