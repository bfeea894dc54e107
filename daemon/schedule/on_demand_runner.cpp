#include "schedule/on_demand_runner.h"

#include <algorithm>
#include <exception>

#include "common/thread_name.h"

namespace lde::schedule {

OnDemandRunner::OnDemandRunner(const Clock& clock, FlightTable& flights, int lanes, Logger* log)
    : clock_(clock), flights_(flights), lanes_(std::max(1, lanes)), log_(log) {
  threads_.reserve(static_cast<std::size_t>(lanes_));
  for (int i = 0; i < lanes_; ++i)
    NameThread(threads_.emplace_back([this] { LaneThread(); }), "lde-probe-now");
}

OnDemandRunner::~OnDemandRunner() { Stop(); }

OnDemandRunner::Ticket OnDemandRunner::Begin(const std::string& target, Duration timeout, Run run) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return {Start::kStopped, nullptr};
  // Joining costs no lane, so a full lane never refuses a joiner.
  if (auto running = flights_.Find(target)) return {Start::kJoined, std::move(running)};
  if (busy_ >= lanes_) return {Start::kBusy, nullptr};
  // The scheduler may have started the target since Find: then join it.
  FlightTable::Joined joined = flights_.JoinOrStart(target);
  if (!joined.started) return {Start::kJoined, std::move(joined.flight)};
  ++busy_;
  queue_.push_back(Work{target, timeout, std::move(run), joined.flight});
  lock.unlock();
  ready_.notify_one();
  return {Start::kStarted, std::move(joined.flight)};
}

void OnDemandRunner::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  flights_.Stop();
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

int OnDemandRunner::busy() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return busy_;
}

void OnDemandRunner::LaneThread() {
  for (;;) {
    Work work;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Work already handed to a lane runs even when stopping: its flight
      // must land, and the run ends by its deadline.
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    ResultPtr result = RunSafely(work);
    {
      // The lane is free before the flight lands, so whoever the landing
      // wakes finds it free.
      std::lock_guard<std::mutex> lock(mutex_);
      --busy_;
    }
    flights_.Land(work.target, work.flight, std::move(result));
  }
}

ResultPtr OnDemandRunner::RunSafely(const Work& work) {
  const Deadline deadline = Deadline::After(clock_, work.timeout);
  // As in Scheduler::Execute: a probe reports failure as a result; a throw
  // is a bug, logged, and answered as a failed run, never a lost lane.
  std::string what;
  try {
    return work.run(deadline);
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception that is not a std::exception";
  }
  if (log_) log_->Error("probe run threw", {{"target", work.target}, {"error", what}});
  return nullptr;
}

}  // namespace lde::schedule
