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

// Issuer certificates fetched from AIA caIssuers URLs, kept for an hour so a
// server that omits its intermediate costs one fetch per hour, not one per
// probe. Thread-safe.
class IssuerCache {
 public:
  // A cache of a few hundred distinct issuers is plenty.
  static constexpr std::size_t kMaxEntries = 1024;

  explicit IssuerCache(Duration ttl = std::chrono::hours(1)) : ttl_(ttl) {}

  std::optional<std::vector<model::Der>> Get(const std::string& url, SteadyTime now) const;
  void Put(const std::string& url, std::vector<model::Der> certs, SteadyTime now);

 private:
  struct Entry {
    std::vector<model::Der> certs;
    SteadyTime expires;
  };
  Duration ttl_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace lde::probe
