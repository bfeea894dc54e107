#include "integration/scale/series_owners.h"

namespace lde::testing {

Owners OwnersOf(const std::vector<PromSample>& samples, const std::string& name_label,
                const std::string& owner_label) {
  Owners owners;
  for (const auto& sample : samples) owners[sample.Label(name_label)].insert(sample.Label(owner_label));
  return owners;
}

std::string OwnershipProblems(const Owners& owners, const std::vector<std::string>& expected) {
  std::string problems;
  const std::set<std::string> wanted(expected.begin(), expected.end());
  for (const auto& name : wanted) {
    if (!owners.count(name)) problems += name + ": from no instance\n";
  }
  for (const auto& [name, from] : owners) {
    if (!wanted.count(name)) problems += name + ": not configured, yet exported\n";
    if (from.size() != 1) {
      problems += name + ": from " + std::to_string(from.size()) + ":";
      for (const auto& owner : from) problems += " " + owner;
      problems += "\n";
    }
  }
  return problems;
}

std::map<std::string, int> CountByOwner(const Owners& owners) {
  std::map<std::string, int> counts;
  for (const auto& [name, from] : owners) {
    for (const auto& owner : from) ++counts[owner];
  }
  return counts;
}

bool OwnsAll(const Owners& owners, const std::vector<std::string>& names) {
  for (const auto& name : names) {
    if (!owners.count(name)) return false;
  }
  return true;
}

}  // namespace lde::testing
