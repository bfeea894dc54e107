#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schedule/job.h"

namespace lde::schedule {

// {target, count} sorted by target: one flat array per call (every scrape
// reads them).
using TargetCounts = std::vector<std::pair<std::string, std::uint64_t>>;

// The scheduler's bookkeeping without threads or clocks: which job is due
// when, which target is running, how many runs were skipped or threw. Time
// is passed in, so tests drive it by hand. Not thread-safe (Scheduler holds
// a lock).
class DueQueue {
 public:
  // `jitter` returns a value in [0,1) (clamped otherwise); a new job's first
  // run is at now + jitter * interval, so targets added together spread out.
  explicit DueQueue(std::function<double()> jitter);

  // Replaces the job set. A target already known keeps its next-due time
  // (its phase), capped at now + new interval, and its counters; a new
  // target gets a jittered first run (jitter drawn in target order) and
  // counters at zero; a removed target is no longer scheduled and its
  // counters are dropped. A removed target's run in flight still finishes
  // normally, and the target, re-added meanwhile, waits for it.
  void SetJobs(std::vector<Job> jobs, SteadyTime now);

  // Every run due at `now`, each marked running, in due order (ties by
  // target). A target that is due while its previous run is still running is
  // skipped and counted. Each job's next run is kept on its phase: due + k *
  // interval, the first after now.
  std::vector<Dispatch> PopDue(SteadyTime now);

  // One run of every job not running now, each marked running (--once).
  std::vector<Dispatch> TakeAll();

  // Marks the target's run finished.
  void Finish(std::string_view target);
  // Counts a run of the target that threw; a target no longer in the job
  // set is not counted (its counters left with it).
  void CountError(std::string_view target);

  // The earliest next-due time, or nullopt with no jobs.
  std::optional<SteadyTime> NextDue() const;

  bool IsRunning(std::string_view target) const;
  // The jobs of the set whose count is not zero, sorted by target. Sparse:
  // a copy of every target's name per scrape was most of a MiB at 11,000
  // jobs, and nearly every count is 0 (the render writes those zeros).
  TargetCounts SkippedCounts() const;
  TargetCounts ErrorCounts() const;

 private:
  // One job and all that is known of it. At 11,000 jobs the bookkeeping was
  // ~480 bytes per job in maps keyed by four copies of the name; a sorted
  // array of these and a heap of 16-byte entries holds the name once.
  struct Slot {
    Job job;
    SteadyTime next_due{};
    std::uint64_t skipped = 0;
    std::uint64_t errors = 0;
    bool running = false;
  };
  // Exactly one entry per slot: SetJobs rebuilds the heap, PopDue replaces
  // the entry it takes, so no entry is ever stale.
  struct HeapEntry {
    SteadyTime due;
    std::uint32_t slot;
    // The heap's order, reversed for std::*_heap's max-heap: ties go to the
    // lower slot (the target first in name order), so runs due together
    // start in a stable order.
    static bool Later(const HeapEntry& a, const HeapEntry& b) {
      return a.due != b.due ? a.due > b.due : a.slot > b.slot;
    }
  };

  Slot* Find(std::string_view target);
  const Slot* Find(std::string_view target) const;
  SteadyTime FirstDue(const Job& job, SteadyTime now);
  void PushDue(SteadyTime due, std::size_t slot);
  static Dispatch MakeDispatch(Slot& slot);
  TargetCounts Counts(std::uint64_t Slot::*counter) const;

  std::function<double()> jitter_;
  std::vector<Slot> slots_;      // sorted by job.target, names unique
  std::vector<HeapEntry> heap_;  // min-heap on (due, slot)
  // Targets removed from the set while a run of theirs was in flight.
  std::set<std::string, std::less<>> running_removed_;
};

}  // namespace lde::schedule
