#pragma once

// Who exported what: turns a query's samples into name -> the instances (or
// jobs) it came from, and names what breaks "each name from exactly one".

#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/prometheus/prometheus_api.h"

namespace lde::testing {

using Owners = std::map<std::string, std::set<std::string>>;

// For each value of `name_label` among the samples, the values of `owner_label`.
Owners OwnersOf(const std::vector<PromSample>& samples, const std::string& name_label,
                const std::string& owner_label);

// Whether every one of `names` has at least one owner.
bool OwnsAll(const Owners& owners, const std::vector<std::string>& names);

// "" when `owners` holds exactly the `expected` names, each with one owner;
// else one line per name that is missing, unexpected or owned more than once.
std::string OwnershipProblems(const Owners& owners, const std::vector<std::string>& expected);

// How many names each owner has.
std::map<std::string, int> CountByOwner(const Owners& owners);

}  // namespace lde::testing
