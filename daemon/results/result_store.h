#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/probe_result.h"
#include "results/probe_counts.h"

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
    // Beside each result, a number no other result of this store had or
    // will have (a count of Puts): equal versions mean the same result, so
    // a reader may keep what it made of a result from one snapshot to the
    // next. Hand-made snapshots may leave it empty.
    std::vector<std::uint64_t> versions;
    // Every retained target's counts, sorted by target: from RetainOnly on
    // every retained target has them (0, 0 before its first result), so its
    // counters exist from the first scrape, as Prometheus expects of a
    // counter; every target that has a result has them too.
    ProbeCounts counts;
  };

  ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  // Replaces the latest result of r->target and counts it as a success or a
  // failure. A null pointer is ignored. After the first RetainOnly, results
  // for targets outside the retained set are dropped: a probe that was in
  // flight across a reload cannot resurrect a removed target. So on reload,
  // call RetainOnly(new targets) before scheduling the new jobs. Before it,
  // each new target copies the list of names (snapshots may share it): call
  // RetainOnly first when the targets are known.
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
    std::uint64_t version = 0;  // of `latest`
    ProbeCount count;
  };

  // The index of `target` in names_, or names_->size().
  std::size_t Find(const std::string& target) const;

  mutable std::mutex mutex_;
  // Sorted target names, and their entries at the same indices: two flat
  // arrays rather than a node per target (a std::map held 112 bytes a
  // target; these 64 plus long names). The names never change in place:
  // snapshots share them, and a new set of targets is a new list.
  std::shared_ptr<const ProbeCounts::Names> names_;
  std::vector<Entry> entries_;
  // Set by RetainOnly: from then on names_ holds exactly the retained
  // targets, and Put adds none.
  bool restricted_ = false;
  std::uint64_t puts_ = 0;
};

}  // namespace lde::results
