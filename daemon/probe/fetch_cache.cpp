#include "probe/fetch_cache.h"

#include <iterator>

namespace lde::probe {

std::size_t FetchCache::Cost(std::string_view url, const Entry& entry) {
  std::size_t cost = kEntryOverheadBytes + url.size() + entry.error.size();
  for (const auto& der : entry.payload) cost += sizeof(model::Der) + der.size();
  return cost;
}

void FetchCache::EraseLocked(Lru::iterator it) {
  bytes_ -= it->cost;
  index_.erase(std::string_view(it->url));
  lru_.erase(it);
}

std::optional<FetchCache::Entry> FetchCache::Find(const std::string& url, SteadyTime now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = index_.find(url);
  if (found == index_.end()) return std::nullopt;
  Lru::iterator it = found->second;
  if (it->expires <= now) {
    EraseLocked(it);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it);  // iterators stay valid
  return it->entry;
}

void FetchCache::PutUntil(const std::string& url, Entry entry, SteadyTime now, SteadyTime expires) {
  const std::size_t cost = Cost(url, entry);
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto found = index_.find(url); found != index_.end()) EraseLocked(found->second);
  if (cost > max_bytes_) return;  // would evict everything and still not fit
  if (bytes_ + cost > max_bytes_) {
    // Over budget: what has expired goes first (one pass), then the least
    // recently used live entries.
    for (auto it = lru_.begin(); it != lru_.end();) {
      auto next = std::next(it);
      if (it->expires <= now) EraseLocked(it);
      it = next;
    }
  }
  while (bytes_ + cost > max_bytes_ && !lru_.empty()) EraseLocked(std::prev(lru_.end()));
  lru_.push_front(Slot{url, std::move(entry), expires, cost});
  index_.emplace(std::string_view(lru_.front().url), lru_.begin());
  bytes_ += cost;
}

std::optional<std::vector<model::Der>> FetchCache::Get(const std::string& url, SteadyTime now) {
  auto entry = Find(url, now);
  if (!entry) return std::nullopt;
  return std::move(entry->payload);
}

void FetchCache::Put(const std::string& url, std::vector<model::Der> payload, SteadyTime now) {
  PutUntil(url, Entry{std::move(payload), ""}, now, now + ttl_);
}

std::size_t FetchCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

std::size_t FetchCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

}  // namespace lde::probe
