#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace lde::http {

// A fixed set of threads with a bounded queue. TrySubmit refuses rather than
// queueing without bound, so a flood of requests costs a quick 503, never
// memory or a growing backlog. `max_queued` counts jobs waiting for a busy
// thread: a job an idle thread takes at once does not count, so a pool
// with max_queued 0 runs as many jobs as it has threads and refuses the
// rest. Thread-safe.
class WorkerPool {
 public:
  // `name` names its threads (common/thread_name.h).
  WorkerPool(int threads, std::size_t max_queued, std::string_view name);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when every thread is busy and `max_queued` jobs already wait, or
  // when the pool is stopping.
  bool TrySubmit(std::function<void()> job);
  // Finishes the jobs running now, drops the queued ones, joins. Idempotent.
  void Stop();

 private:
  void Run();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t idle_;  // threads not running a job
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace lde::http
