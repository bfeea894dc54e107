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
  // Bounded: a cache of a few hundred distinct issuers is plenty; drop
  // expired entries before growing.
  if (entries_.size() >= 1024) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.expires <= now ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= 1024) entries_.erase(entries_.begin());
  }
  entries_[url] = Entry{std::move(certs), now + ttl_};
}

}  // namespace lde::probe
