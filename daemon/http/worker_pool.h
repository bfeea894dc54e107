#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lde::http {

// A fixed set of threads with a bounded queue. TrySubmit refuses rather than
// queueing without bound, so a flood of requests costs a quick 503, never
// memory or a growing backlog. Thread-safe.
class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t max_queued);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when the queue is full or the pool is stopping.
  bool TrySubmit(std::function<void()> job);
  // Finishes the jobs running now, drops the queued ones, joins. Idempotent.
  void Stop();

 private:
  void Run();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace lde::http
