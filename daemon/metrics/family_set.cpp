#include "metrics/family_set.h"

#include <utility>

namespace lde::metrics {

void FamilySet::Add(const MetricDef& def, Labels labels, double value) {
  auto it = families_.find(def.name);
  if (it == families_.end()) {
    Entry entry;
    entry.family.name = std::string(def.name);
    entry.family.help = std::string(def.help);
    entry.family.type = def.type;
    it = families_.emplace(std::string(def.name), std::move(entry)).first;
  }
  Entry& entry = it->second;
  if (!entry.seen.insert(labels).second) return;

  prometheus::ClientMetric metric;
  metric.label = std::move(labels);
  switch (def.type) {
    case prometheus::MetricType::Counter:
      metric.counter.value = value;
      break;
    case prometheus::MetricType::Gauge:
      metric.gauge.value = value;
      break;
    default:
      metric.untyped.value = value;
      break;
  }
  entry.family.metric.push_back(std::move(metric));
}

std::vector<prometheus::MetricFamily> FamilySet::Take() && {
  std::vector<prometheus::MetricFamily> out;
  out.reserve(families_.size());
  for (auto& [name, entry] : families_) out.push_back(std::move(entry.family));
  families_.clear();
  return out;
}

}  // namespace lde::metrics
