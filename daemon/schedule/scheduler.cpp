#include "schedule/scheduler.h"

#include <algorithm>
#include <exception>
#include <string_view>
#include <utility>

#include "common/thread_name.h"

namespace lde::schedule {
namespace {

// Runs come due one at a time, each on its own phase: at 10,000 targets a
// minute, 167 times a second, and each timed wait costs the kernel a timer
// set up and torn down. Waking this much after the next due time starts the
// runs due meanwhile in one pass: the loop thread's CPU at 10,000 targets
// fell from 1.1-1.7 to 0.6-0.7 % of a core (bench/README.md). A run starts
// at most this late; its phase (the next due time) does not move.
constexpr Duration kWakeSlack = std::chrono::milliseconds(20);

}  // namespace

Scheduler::Scheduler(const Clock& clock, int concurrency, std::function<double()> jitter, Logger* log)
    : clock_(clock), concurrency_(std::max(1, concurrency)), log_(log), queue_(std::move(jitter)) {}

Scheduler::~Scheduler() { Stop(); }

void Scheduler::SetJobs(std::vector<Job> jobs) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.SetJobs(std::move(jobs), clock_.SteadyNow());
    wake_loop_ = true;
  }
  loop_cv_.notify_all();
}

void Scheduler::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (started_ || stopping_) return;
  started_ = true;
  worker_states_.reserve(static_cast<std::size_t>(concurrency_));
  workers_.reserve(static_cast<std::size_t>(concurrency_));
  idle_.reserve(static_cast<std::size_t>(concurrency_));
  for (int i = 0; i < concurrency_; ++i) {
    Worker& state = *worker_states_.emplace_back(std::make_unique<Worker>());
    NameThread(workers_.emplace_back([this, &state] { WorkerThread(state); }), "lde-probe");
  }
  loop_thread_ = std::thread([this] { LoopThread(); });
  NameThread(loop_thread_, "lde-schedule");
}

void Scheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    // Runs that never started are dropped; only running ones are waited for.
    for (const Dispatch& d : pending_) queue_.Finish(d.target);
    pending_.clear();
    for (auto& worker : worker_states_) {
      if (worker->handed) queue_.Finish(worker->handed->target);
      worker->handed.reset();
      worker->wake.notify_one();
    }
  }
  loop_cv_.notify_all();
  if (loop_thread_.joinable()) loop_thread_.join();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.clear();
  worker_states_.clear();
}

Scheduler::TargetCounts Scheduler::SkippedCounts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.SkippedCounts();
}

Scheduler::TargetCounts Scheduler::ErrorCounts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.ErrorCounts();
}

std::vector<Dispatch> Scheduler::PopDue(SteadyTime now) {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.PopDue(now);
}

std::optional<SteadyTime> Scheduler::NextDue() {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.NextDue();
}

void Scheduler::Execute(const Dispatch& dispatch) {
  RunCatching(dispatch);
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.Finish(dispatch.target);
}

void Scheduler::RunCatching(const Dispatch& dispatch) {
  const Deadline deadline = Deadline::After(clock_, dispatch.timeout);
  // A probe reports failure as a result, never by throwing; catching here
  // keeps one buggy job from taking a worker thread down, and the log line
  // and the counter make the bug visible instead of a silently stale target.
  try {
    if (dispatch.run) dispatch.run(deadline);
  } catch (const std::exception& e) {
    RecordError(dispatch.target, e.what());
  } catch (...) {
    RecordError(dispatch.target, "an exception that is not a std::exception");
  }
}

void Scheduler::RecordError(const std::string& target, std::string_view what) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.CountError(target);
  }
  if (log_) log_->Error("probe run threw", {{"target", target}, {"error", std::string(what)}});
}

void Scheduler::LoopThread() {
  std::unique_lock<std::mutex> lock(mutex_);
  std::vector<Worker*> woken;
  while (!stopping_) {
    SteadyTime now = clock_.SteadyNow();
    std::vector<Dispatch> due = queue_.PopDue(now);
    // One wake-up per run, of one chosen worker: a shared notify_all would
    // wake every idle worker for each run (runs come due one at a time, each
    // on its own phase), and all but one would go back to sleep.
    woken.clear();
    for (Dispatch& d : due) {
      if (Worker* worker = HandOut(std::move(d))) woken.push_back(worker);
    }
    if (!woken.empty()) {
      // Woken under the lock, a worker would wake only to wait for it. A
      // worker outlives this loop (Stop() joins the loop first); one that
      // Stop() woke meanwhile finds stopping_ set.
      lock.unlock();
      for (Worker* worker : woken) worker->wake.notify_one();
      lock.lock();
    }
    wake_loop_ = false;
    auto wake = [this] { return stopping_ || wake_loop_; };
    std::optional<SteadyTime> next = queue_.NextDue();
    if (!next) {
      loop_cv_.wait(lock, wake);
    } else {
      // Waits for the injected clock's distance to the next due time
      // (wait_for measures it on the real steady clock: the same thing for
      // SystemClock; tests drive a ManualClock through PopDue instead),
      // plus kWakeSlack, so that the runs due within it start together.
      loop_cv_.wait_for(lock, *next - now + kWakeSlack, wake);
    }
  }
}

Scheduler::Worker* Scheduler::HandOut(Dispatch dispatch) {
  if (idle_.empty()) {
    pending_.push_back(std::move(dispatch));
    return nullptr;
  }
  Worker* worker = idle_.back();
  idle_.pop_back();
  worker->handed = std::move(dispatch);
  return worker;
}

void Scheduler::WorkerThread(Worker& self) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    if (stopping_) return;  // Stop() has dropped what was handed to us
    Dispatch dispatch;
    if (self.handed) {
      dispatch = std::move(*self.handed);
      self.handed.reset();
    } else if (!pending_.empty()) {
      dispatch = std::move(pending_.front());
      pending_.pop_front();
    } else {
      // Idle only with nothing queued: HandOut queues only when no worker
      // is idle, so a queued run never waits beside an idle worker.
      idle_.push_back(&self);
      self.wake.wait(lock, [&] { return stopping_ || self.handed.has_value(); });
      continue;
    }
    lock.unlock();
    RunCatching(dispatch);
    lock.lock();
    queue_.Finish(dispatch.target);
  }
}

void Scheduler::RunOnceAll() {
  std::vector<Dispatch> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    all = queue_.TakeAll();
  }
  std::mutex next_mutex;
  std::size_t next_index = 0;
  auto drain = [&] {
    for (;;) {
      std::size_t i;
      {
        std::lock_guard<std::mutex> lock(next_mutex);
        if (next_index >= all.size()) return;
        i = next_index++;
      }
      Execute(all[i]);
    }
  };
  std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(concurrency_), all.size());
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(drain);
  for (auto& th : pool) th.join();
}

}  // namespace lde::schedule
