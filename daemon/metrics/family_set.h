#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "metrics/names.h"
#include "prometheus/client_metric.h"
#include "prometheus/metric_family.h"

namespace lde::metrics {

using Labels = std::vector<prometheus::ClientMetric::Label>;

// Collects samples into metric families while rendering. Families come out
// sorted by name; samples keep the order they were added in. A sample whose
// label set is already present in its family is dropped (first wins), so the
// output never holds duplicate series even if the data does. Families with no
// sample are never created. Not thread-safe: one per render.
class FamilySet {
 public:
  void Add(const MetricDef& def, Labels labels, double value);
  std::vector<prometheus::MetricFamily> Take() &&;

 private:
  struct Entry {
    prometheus::MetricFamily family;
    std::set<Labels> seen;
  };
  std::map<std::string, Entry, std::less<>> families_;
};

}  // namespace lde::metrics
