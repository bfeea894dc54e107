#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/probe_result.h"

namespace lde::results {

// The latest ProbeResult of every target plus per-target success/failure
// counters. Thread-safe: probe workers Put, scrapes Take a snapshot (a copy
// of shared pointers made under the lock) and render without holding it.
class ResultStore {
 public:
  struct Snapshot {
    // Latest result per target, sorted by target; targets not probed yet
    // have none.
    std::vector<std::shared_ptr<const model::ProbeResult>> results;
    // {target, {success count, failure count}}, sorted by target; every
    // retained target has an entry from RetainOnly on (0, 0 before its first
    // result), so its counters exist from the first scrape, as Prometheus
    // expects of a counter; every target that has a result has one too.
    // A flat array, made once per scrape: a map cost a node per target.
    std::vector<std::pair<std::string, std::pair<std::uint64_t, std::uint64_t>>> counts;
  };

  ResultStore() = default;
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  // Replaces the latest result of r->target and counts it as a success or a
  // failure. A null pointer is ignored. After the first RetainOnly, results
  // for targets outside the retained set are dropped: a probe that was in
  // flight across a reload cannot resurrect a removed target. So on reload,
  // call RetainOnly(new targets) before scheduling the new jobs.
  void Put(std::shared_ptr<const model::ProbeResult> r);

  Snapshot Take() const;

  // The latest result of `target`, or null.
  std::shared_ptr<const model::ProbeResult> Latest(const std::string& target) const;

  // Forgets every target not in `targets`: its result AND its counters, so no
  // ghost series survive a reload; starts counters at zero for the new ones.
  // Also restricts future Puts to `targets`.
  void RetainOnly(const std::set<std::string>& targets);

 private:
  struct Entry {
    std::shared_ptr<const model::ProbeResult> latest;
    std::uint64_t success = 0;
    std::uint64_t failure = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  // Set by RetainOnly: from then on entries_ holds exactly the retained
  // targets, so Put looks there instead of in a second copy of the names
  // (at 11,000 targets a set of them held 1.8 MB).
  bool restricted_ = false;
};

}  // namespace lde::results
