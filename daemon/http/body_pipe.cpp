#include "http/body_pipe.h"

#include <algorithm>

namespace lde::http {

BodyPipe::BodyPipe(std::size_t capacity, std::function<void()> wake_reader)
    : capacity_(std::max<std::size_t>(capacity, 1)), wake_reader_(std::move(wake_reader)) {}

void BodyPipe::Write(std::string_view bytes) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!bytes.empty()) {
    space_.wait(lock, [&] { return abandoned_ || buffer_.size() < capacity_; });
    if (abandoned_) throw StreamAbandoned();
    const std::size_t n = std::min(capacity_ - buffer_.size(), bytes.size());
    buffer_.append(bytes.substr(0, n));
    bytes.remove_prefix(n);
    WakeReaderLocked(lock);
  }
  if (abandoned_) throw StreamAbandoned();
}

void BodyPipe::Close() {
  std::unique_lock<std::mutex> lock(mutex_);
  closed_ = true;
  WakeReaderLocked(lock);
}

void BodyPipe::Fail() {
  std::unique_lock<std::mutex> lock(mutex_);
  failed_ = true;
  WakeReaderLocked(lock);
}

BodyPipe::Take BodyPipe::TakeInto(std::string& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (failed_) return Take::kFailed;  // what is buffered would only prolong a broken body
  if (!buffer_.empty()) {
    out.clear();
    out.swap(buffer_);
    space_.notify_one();
    return Take::kData;
  }
  if (closed_) return Take::kEnd;
  reader_waiting_ = true;
  return Take::kEmpty;
}

void BodyPipe::Abandon() {
  std::lock_guard<std::mutex> lock(mutex_);
  abandoned_ = true;
  buffer_.clear();
  buffer_.shrink_to_fit();
  space_.notify_one();
}

void BodyPipe::WakeReaderLocked(std::unique_lock<std::mutex>& lock) {
  if (!reader_waiting_ || abandoned_) return;
  reader_waiting_ = false;
  // Outside the lock: the reader's wake-up takes its own locks.
  lock.unlock();
  wake_reader_();
  lock.lock();
}

}  // namespace lde::http
