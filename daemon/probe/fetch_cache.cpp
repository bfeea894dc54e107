#include "probe/fetch_cache.h"

namespace lde::probe {

std::optional<FetchCache::Entry> FetchCache::Find(const std::string& url, SteadyTime now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = slots_.find(url);
  if (it == slots_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.entry;
}

void FetchCache::PutUntil(const std::string& url, Entry entry, SteadyTime now, SteadyTime expires) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Bounded: drop what has expired before growing. Refreshing a URL already
  // held does not grow the map, so it must not evict another entry.
  if (slots_.size() >= kMaxEntries && slots_.find(url) == slots_.end()) {
    for (auto it = slots_.begin(); it != slots_.end();) {
      it = it->second.expires <= now ? slots_.erase(it) : std::next(it);
    }
    if (slots_.size() >= kMaxEntries) slots_.erase(slots_.begin());
  }
  slots_[url] = Slot{std::move(entry), expires};
}

std::optional<std::vector<model::Der>> FetchCache::Get(const std::string& url, SteadyTime now) const {
  auto entry = Find(url, now);
  if (!entry) return std::nullopt;
  return std::move(entry->payload);
}

void FetchCache::Put(const std::string& url, std::vector<model::Der> payload, SteadyTime now) {
  PutUntil(url, Entry{std::move(payload), ""}, now, now + ttl_);
}

}  // namespace lde::probe
