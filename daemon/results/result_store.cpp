#include "results/result_store.h"

#include <algorithm>

namespace lde::results {

ResultStore::ResultStore() : names_(std::make_shared<const ProbeCounts::Names>()) {}

std::size_t ResultStore::Find(const std::string& target) const {
  const auto it = std::lower_bound(names_->begin(), names_->end(), target);
  return it != names_->end() && *it == target ? static_cast<std::size_t>(it - names_->begin())
                                              : names_->size();
}

void ResultStore::Put(std::shared_ptr<const model::ProbeResult> r) {
  if (!r) return;
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t i = Find(r->target);
  if (i == names_->size()) {
    if (restricted_) return;
    // A new list: the old one may be a snapshot's.
    auto names = std::make_shared<ProbeCounts::Names>(*names_);
    const auto at = std::lower_bound(names->begin(), names->end(), r->target);
    i = static_cast<std::size_t>(at - names->begin());
    names->insert(at, r->target);
    entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(i), Entry{});
    names_ = std::move(names);
  }
  Entry& entry = entries_[i];
  if (r->success) {
    ++entry.count.success;
  } else {
    ++entry.count.failure;
  }
  entry.latest = std::move(r);
  entry.version = ++puts_;
}

ResultStore::Snapshot ResultStore::Take() const {
  Snapshot snap;
  std::vector<ProbeCount> counts;
  std::lock_guard<std::mutex> lock(mutex_);
  snap.results.reserve(entries_.size());
  snap.versions.reserve(entries_.size());
  counts.reserve(entries_.size());
  // The entries are in the names' order, so results come out sorted by target.
  for (const Entry& entry : entries_) {
    if (entry.latest) {
      snap.results.push_back(entry.latest);
      snap.versions.push_back(entry.version);
    }
    counts.push_back(entry.count);
  }
  snap.counts = ProbeCounts(names_, std::move(counts));
  return snap;
}

void ResultStore::RetainOnly(const std::set<std::string>& targets) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Both are sorted: one merge keeps the entries of the targets kept.
  auto names = std::make_shared<ProbeCounts::Names>(targets.begin(), targets.end());
  std::vector<Entry> entries(names->size());
  std::size_t old = 0;
  for (std::size_t i = 0; i < names->size(); ++i) {
    while (old < names_->size() && (*names_)[old] < (*names)[i]) ++old;
    if (old < names_->size() && (*names_)[old] == (*names)[i]) entries[i] = std::move(entries_[old++]);
  }
  names_ = std::move(names);
  entries_ = std::move(entries);
  restricted_ = true;
}

std::shared_ptr<const model::ProbeResult> ResultStore::Latest(const std::string& target) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::size_t i = Find(target);
  return i == names_->size() ? nullptr : entries_[i].latest;
}

}  // namespace lde::results
