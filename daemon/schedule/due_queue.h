#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <vector>

#include "schedule/job.h"

namespace lde::schedule {

// The scheduler's bookkeeping without threads or clocks: which job is due
// when, which target is running, how many runs were skipped. Time is passed
// in, so tests drive it by hand. Not thread-safe (Scheduler holds a lock).
class DueQueue {
 public:
  // `jitter` returns a value in [0,1) (clamped otherwise); a new job's first
  // run is at now + jitter * interval, so targets added together spread out.
  explicit DueQueue(std::function<double()> jitter);

  // Replaces the job set. A target already known keeps its next-due time
  // (its phase), capped at now + new interval; a new target gets a jittered
  // first run; a removed target is no longer scheduled and its skip counter
  // is dropped. A removed target's run in flight still finishes normally.
  void SetJobs(std::vector<Job> jobs, SteadyTime now);

  // Every run due at `now`, each marked running. A target that is due while
  // its previous run is still running is skipped and counted. Each job's
  // next run is kept on its phase: due + k * interval, the first after now.
  std::vector<Dispatch> PopDue(SteadyTime now);

  // One run of every job not running now, each marked running (--once).
  std::vector<Dispatch> TakeAll();

  // Marks the target's run finished.
  void Finish(const std::string& target);

  // The earliest next-due time, or nullopt with no jobs.
  std::optional<SteadyTime> NextDue();

  bool IsRunning(const std::string& target) const { return running_.contains(target); }
  std::map<std::string, std::uint64_t> SkippedCounts() const { return skipped_; }

 private:
  struct State {
    Job job;
    SteadyTime next_due;
    std::uint64_t generation = 0;  // matches the live heap entry
  };
  struct HeapEntry {
    SteadyTime due;
    std::string target;
    std::uint64_t generation;
    bool operator>(const HeapEntry& o) const { return due > o.due; }
  };

  void Schedule(State& state, SteadyTime due);
  bool IsLive(const HeapEntry& e) const;
  Dispatch MakeDispatch(const Job& job);

  std::function<double()> jitter_;
  std::map<std::string, State> jobs_;
  // Min-heap with lazy deletion: an entry is stale once its job was removed
  // or rescheduled (generation mismatch) and is dropped when it surfaces.
  std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> heap_;
  std::uint64_t next_generation_ = 1;
  std::set<std::string> running_;  // by name, so a re-added target waits too
  std::map<std::string, std::uint64_t> skipped_;
};

}  // namespace lde::schedule
