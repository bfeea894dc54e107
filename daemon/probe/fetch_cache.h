#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/observations.h"

namespace lde::probe {

// What the probe fetched from a URL that is not the target itself (AIA
// issuer certificates, CRLs), kept so that one server costs one fetch per
// expiry, not one per probe. Failures are kept too (empty payload, error
// text), so an unreachable server is not asked again on every probe.
// Thread-safe; times are steady-clock, from the probe env's Clock.
class FetchCache {
 public:
  // A few hundred distinct issuers and CRLs is plenty.
  static constexpr std::size_t kMaxEntries = 1024;

  struct Entry {
    std::vector<model::Der> payload;
    std::string error;  // "" when the fetch succeeded
  };

  explicit FetchCache(Duration ttl = std::chrono::hours(1)) : ttl_(ttl) {}

  std::optional<Entry> Find(const std::string& url, SteadyTime now) const;
  // Keeps `entry` until `expires` (`now` lets a full cache drop what has
  // already expired before it evicts a live entry).
  void PutUntil(const std::string& url, Entry entry, SteadyTime now, SteadyTime expires);

  // The payload alone, kept for the cache's own TTL.
  std::optional<std::vector<model::Der>> Get(const std::string& url, SteadyTime now) const;
  void Put(const std::string& url, std::vector<model::Der> payload, SteadyTime now);

 private:
  struct Slot {
    Entry entry;
    SteadyTime expires;
  };
  Duration ttl_;
  mutable std::mutex mutex_;
  std::map<std::string, Slot> slots_;
};

}  // namespace lde::probe
