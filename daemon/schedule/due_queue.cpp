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

DueQueue::Slot* DueQueue::Find(std::string_view target) {
  auto it = std::lower_bound(slots_.begin(), slots_.end(), target,
                             [](const Slot& s, std::string_view t) { return s.job.target < t; });
  return it != slots_.end() && it->job.target == target ? &*it : nullptr;
}

const DueQueue::Slot* DueQueue::Find(std::string_view target) const {
  return const_cast<DueQueue*>(this)->Find(target);
}

SteadyTime DueQueue::FirstDue(const Job& job, SteadyTime now) {
  double j = jitter_ ? jitter_() : 0.0;
  if (!(j >= 0.0)) j = 0.0;  // also catches NaN
  if (j >= 1.0) j = 0.0;
  return now + std::chrono::duration_cast<Duration>(job.interval * j);
}

void DueQueue::PushDue(SteadyTime due, std::size_t slot) {
  slots_[slot].next_due = due;
  heap_.push_back(HeapEntry{due, static_cast<std::uint32_t>(slot)});
  std::push_heap(heap_.begin(), heap_.end(), HeapEntry::Later);
}

void DueQueue::SetJobs(std::vector<Job> jobs, SteadyTime now) {
  // Sorted by name, the first definition of a name kept (stable sort).
  std::stable_sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.target < b.target; });
  jobs.erase(
      std::unique(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.target == b.target; }),
      jobs.end());

  std::vector<Slot> next;
  next.reserve(jobs.size());
  auto old = slots_.begin();
  for (Job& raw : jobs) {
    Job job = Sanitised(std::move(raw));
    // Both lists are sorted: a removed target is passed over on the way.
    for (; old != slots_.end() && old->job.target < job.target; ++old) {
      if (old->running) running_removed_.insert(std::move(old->job.target));
    }
    Slot slot;
    if (old != slots_.end() && old->job.target == job.target) {
      slot = std::move(*old);
      ++old;
      // The interval shrank: do not wait out the old, longer period.
      slot.next_due = std::min(slot.next_due, now + job.interval);
    } else {
      slot.next_due = FirstDue(job, now);
      slot.running = running_removed_.erase(job.target) > 0;
    }
    slot.job = std::move(job);
    next.push_back(std::move(slot));
  }
  for (; old != slots_.end(); ++old) {
    if (old->running) running_removed_.insert(std::move(old->job.target));
  }
  slots_ = std::move(next);

  heap_.clear();
  heap_.reserve(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i)
    heap_.push_back(HeapEntry{slots_[i].next_due, static_cast<std::uint32_t>(i)});
  std::make_heap(heap_.begin(), heap_.end(), HeapEntry::Later);
}

Dispatch DueQueue::MakeDispatch(Slot& slot) {
  slot.running = true;
  return Dispatch{slot.job.target, slot.job.timeout, slot.job.run};
}

std::vector<Dispatch> DueQueue::PopDue(SteadyTime now) {
  std::vector<Dispatch> due;
  while (!heap_.empty() && heap_.front().due <= now) {
    std::pop_heap(heap_.begin(), heap_.end(), HeapEntry::Later);
    const HeapEntry entry = heap_.back();
    heap_.pop_back();
    Slot& slot = slots_[entry.slot];
    // Stay on the phase; after a long stall (suspend, overload) run once,
    // not once per missed period. The next due time is after now, so the
    // loop ends.
    auto missed = (now - entry.due) / slot.job.interval;
    PushDue(entry.due + (missed + 1) * slot.job.interval, entry.slot);
    if (slot.running) {
      ++slot.skipped;
      continue;
    }
    due.push_back(MakeDispatch(slot));
  }
  return due;
}

std::vector<Dispatch> DueQueue::TakeAll() {
  std::vector<Dispatch> all;
  for (Slot& slot : slots_) {
    if (!slot.running) all.push_back(MakeDispatch(slot));
  }
  return all;
}

void DueQueue::Finish(std::string_view target) {
  if (Slot* slot = Find(target)) {
    slot->running = false;
  } else if (auto it = running_removed_.find(target); it != running_removed_.end()) {
    running_removed_.erase(it);
  }
}

void DueQueue::CountError(std::string_view target) {
  if (Slot* slot = Find(target)) ++slot->errors;
}

std::optional<SteadyTime> DueQueue::NextDue() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.front().due;
}

bool DueQueue::IsRunning(std::string_view target) const {
  const Slot* slot = Find(target);
  return slot ? slot->running : running_removed_.contains(target);
}

TargetCounts DueQueue::Counts(std::uint64_t Slot::*counter) const {
  TargetCounts counts;
  for (const Slot& slot : slots_) {
    if (slot.*counter != 0) counts.emplace_back(slot.job.target, slot.*counter);
  }
  return counts;
}

TargetCounts DueQueue::SkippedCounts() const { return Counts(&Slot::skipped); }

TargetCounts DueQueue::ErrorCounts() const { return Counts(&Slot::errors); }

}  // namespace lde::schedule
