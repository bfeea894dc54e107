#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "model/budgets.h"
#include "model/observations.h"

namespace lde::probe {

// What the probe fetched from a URL that is not the target itself (AIA
// issuer certificates, CRLs, OCSP answers), kept so that one server costs one fetch per
// expiry, not one per probe. Callers keep only what decoded (certificates, a
// CRL, as DER); a failure, or bytes that were not what was asked for, is kept
// as a short negative entry without a body, so an unreachable or
// junk-serving server is not asked again on every probe either.
//
// Bounded by bytes, not entries: the Cost of all entries stays within
// max_bytes. Storing past it drops expired entries, then the least recently
// used live ones (a Find hit or a Put is a use); an entry that alone exceeds
// the budget is not kept. An expired entry also goes when looked up.
// Thread-safe; times are steady-clock, from the probe env's Clock.
class FetchCache {
 public:
  // Per cache (ProbeEnv has three: CRLs, OCSP answers and AIA issuers). Real CRLs and issuer
  // certificates of a few hundred CAs fit; 400 hostile 1 MiB answers do not
  // pile up (they are not kept at all, and whatever is kept stays below this).
  static constexpr std::size_t kDefaultMaxBytes = model::budget::kFetchCacheBytes.value;
  // What an entry costs besides its strings and bytes: list and hash nodes,
  // allocator headers. Charged so that negative entries are bounded too.
  static constexpr std::size_t kEntryOverheadBytes = 256;

  struct Entry {
    std::vector<model::Der> payload;  // what decoded; empty for a failure or junk
    std::string error;                // "" when the fetch succeeded
  };

  explicit FetchCache(Duration ttl = std::chrono::hours(1), std::size_t max_bytes = kDefaultMaxBytes)
      : ttl_(ttl), max_bytes_(max_bytes) {}
  FetchCache(const FetchCache&) = delete;
  FetchCache& operator=(const FetchCache&) = delete;

  std::optional<Entry> Find(const std::string& url, SteadyTime now);
  // Keeps `entry` until `expires`, replacing what `url` held; at `now`, for
  // telling expired entries when room must be made.
  void PutUntil(const std::string& url, Entry entry, SteadyTime now, SteadyTime expires);

  // The payload alone, kept for the cache's own TTL.
  std::optional<std::vector<model::Der>> Get(const std::string& url, SteadyTime now);
  void Put(const std::string& url, std::vector<model::Der> payload, SteadyTime now);

  // What an entry for `url` is charged against max_bytes.
  static std::size_t Cost(std::string_view url, const Entry& entry);

  std::size_t max_bytes() const { return max_bytes_; }
  std::size_t bytes() const;  // the Cost of every entry held
  std::size_t size() const;   // entries held, expired ones included

 private:
  struct Slot {
    std::string url;
    Entry entry;
    SteadyTime expires;
    std::size_t cost = 0;
  };
  using Lru = std::list<Slot>;  // most recently used first

  void EraseLocked(Lru::iterator it);

  const Duration ttl_;
  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_;  // keys view Slot::url
  std::size_t bytes_ = 0;
};

}  // namespace lde::probe
