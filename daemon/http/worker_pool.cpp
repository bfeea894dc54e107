#include "http/worker_pool.h"

#include <algorithm>

#include "common/thread_name.h"

namespace lde::http {

WorkerPool::WorkerPool(int threads, std::size_t max_queued, std::string_view name)
    : max_queued_(max_queued), idle_(static_cast<std::size_t>(std::max(threads, 0))) {
  for (int i = 0; i < threads; ++i) NameThread(threads_.emplace_back([this] { Run(); }), name);
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(std::function<void()> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_ + idle_) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::Run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      --idle_;
    }
    job();
    std::lock_guard<std::mutex> lock(mutex_);
    ++idle_;
  }
}

}  // namespace lde::http
