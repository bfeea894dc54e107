#include "results/result_store.h"

namespace lde::results {

void ResultStore::Put(std::shared_ptr<const model::ProbeResult> r) {
  if (!r) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(r->target);
  if (it == entries_.end()) {
    if (restricted_) return;
    it = entries_.try_emplace(r->target).first;
  }
  Entry& entry = it->second;
  if (r->success) {
    ++entry.success;
  } else {
    ++entry.failure;
  }
  entry.latest = std::move(r);
}

ResultStore::Snapshot ResultStore::Take() const {
  Snapshot snap;
  std::lock_guard<std::mutex> lock(mutex_);
  snap.results.reserve(entries_.size());
  snap.counts.reserve(entries_.size());
  // std::map iterates in key order, so results come out sorted by target.
  for (const auto& [target, entry] : entries_) {
    if (entry.latest) snap.results.push_back(entry.latest);
    snap.counts.emplace_back(target, std::make_pair(entry.success, entry.failure));
  }
  return snap;
}

void ResultStore::RetainOnly(const std::set<std::string>& targets) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(entries_, [&](const auto& kv) { return !targets.contains(kv.first); });
  for (const auto& target : targets) entries_.try_emplace(target);
  restricted_ = true;
}

std::shared_ptr<const model::ProbeResult> ResultStore::Latest(const std::string& target) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(target);
  return it == entries_.end() ? nullptr : it->second.latest;
}

}  // namespace lde::results
