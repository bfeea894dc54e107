#include "schedule/due_queue.h"

#include <algorithm>
#include <utility>

namespace lde::schedule {
namespace {

// A zero or negative interval would make PopDue spin; config validation
// rejects it, this is only a floor against a busy loop.
constexpr Duration kMinInterval = std::chrono::milliseconds(1);

Job Sanitised(Job job) {
  job.interval = std::max(job.interval, kMinInterval);
  job.timeout = std::max(job.timeout, Duration::zero());
  return job;
}

}  // namespace

DueQueue::DueQueue(std::function<double()> jitter) : jitter_(std::move(jitter)) {}

void DueQueue::Schedule(State& state, SteadyTime due) {
  state.next_due = due;
  state.generation = next_generation_++;
  heap_.push(HeapEntry{due, state.job.target, state.generation});
}

bool DueQueue::IsLive(const HeapEntry& e) const {
  auto it = jobs_.find(e.target);
  return it != jobs_.end() && it->second.generation == e.generation;
}

void DueQueue::SetJobs(std::vector<Job> jobs, SteadyTime now) {
  std::map<std::string, State> next;
  for (Job& raw : jobs) {
    Job job = Sanitised(std::move(raw));
    if (next.contains(job.target)) continue;  // first definition wins
    auto old = jobs_.find(job.target);
    std::string target = job.target;
    if (old != jobs_.end()) {
      State state = std::move(old->second);
      state.job = std::move(job);
      next.emplace(target, std::move(state));
    } else {
      State state;
      state.job = std::move(job);
      state.next_due = SteadyTime::max();  // set below
      next.emplace(target, std::move(state));
    }
  }
  jobs_ = std::move(next);
  for (auto& [target, state] : jobs_) {
    if (state.next_due == SteadyTime::max()) {
      double j = jitter_ ? jitter_() : 0.0;
      if (!(j >= 0.0)) j = 0.0;  // also catches NaN
      if (j >= 1.0) j = 0.0;
      auto offset = std::chrono::duration_cast<Duration>(state.job.interval * j);
      Schedule(state, now + offset);
    } else if (state.next_due > now + state.job.interval) {
      // The interval shrank: do not wait out the old, longer period.
      Schedule(state, now + state.job.interval);
    }
  }
  std::erase_if(skipped_, [&](const auto& kv) { return !jobs_.contains(kv.first); });
}

Dispatch DueQueue::MakeDispatch(const Job& job) {
  running_.insert(job.target);
  return Dispatch{job.target, job.timeout, job.run};
}

std::vector<Dispatch> DueQueue::PopDue(SteadyTime now) {
  std::vector<Dispatch> due;
  while (!heap_.empty() && heap_.top().due <= now) {
    HeapEntry entry = heap_.top();
    heap_.pop();
    if (!IsLive(entry)) continue;
    State& state = jobs_.at(entry.target);
    // Stay on the phase; after a long stall (suspend, overload) run once,
    // not once per missed period.
    auto missed = (now - entry.due) / state.job.interval;
    Schedule(state, entry.due + (missed + 1) * state.job.interval);
    if (running_.contains(entry.target)) {
      ++skipped_[entry.target];
      continue;
    }
    due.push_back(MakeDispatch(state.job));
  }
  return due;
}

std::vector<Dispatch> DueQueue::TakeAll() {
  std::vector<Dispatch> all;
  for (const auto& [target, state] : jobs_) {
    if (!running_.contains(target)) all.push_back(MakeDispatch(state.job));
  }
  return all;
}

void DueQueue::Finish(const std::string& target) { running_.erase(target); }

std::optional<SteadyTime> DueQueue::NextDue() {
  while (!heap_.empty() && !IsLive(heap_.top())) heap_.pop();
  if (heap_.empty()) return std::nullopt;
  return heap_.top().due;
}

}  // namespace lde::schedule
