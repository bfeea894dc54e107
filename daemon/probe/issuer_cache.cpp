#include "probe/issuer_cache.h"

namespace lde::probe {

std::optional<std::vector<model::Der>> IssuerCache::Get(const std::string& url, SteadyTime now) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(url);
  if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.certs;
}

void IssuerCache::Put(const std::string& url, std::vector<model::Der> certs, SteadyTime now) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Bounded: drop expired entries before growing. Refreshing a URL already
  // held does not grow the map, so it must not evict another entry.
  if (entries_.size() >= kMaxEntries && entries_.find(url) == entries_.end()) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= kMaxEntries) entries_.erase(entries_.begin());
  }
  entries_[url] = Entry{std::move(certs), now + ttl_};
}

}  // namespace lde::probe
