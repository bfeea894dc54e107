#include "results/probe_counts.h"

#include <algorithm>

namespace lde::results {

ProbeCounts::ProbeCounts(std::shared_ptr<const Names> names, std::vector<ProbeCount> counts)
    : names_(std::move(names)), counts_(std::move(counts)) {
  if (!names_) names_ = std::make_shared<const Names>();
  if (counts_.size() > names_->size()) counts_.resize(names_->size());
}

ProbeCounts::ProbeCounts(std::initializer_list<std::pair<std::string, ProbeCount>> by_target) {
  std::vector<std::pair<std::string, ProbeCount>> sorted(by_target);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  auto names = std::make_shared<Names>();
  names->reserve(sorted.size());
  counts_.reserve(sorted.size());
  for (auto& [target, count] : sorted) {
    names->push_back(std::move(target));
    counts_.push_back(count);
  }
  names_ = std::move(names);
}

}  // namespace lde::results
