#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "schedule/scheduler.h"

namespace lde::schedule {

// The count of `target` in a Scheduler::TargetCounts: 0 when absent (the
// counts list only targets that counted); fails the test if it is listed
// at 0, which the list never holds.
inline std::uint64_t CountOf(const Scheduler::TargetCounts& counts, const std::string& target) {
  for (const auto& [name, count] : counts) {
    if (name != target) continue;
    if (count == 0) ADD_FAILURE() << target << " is listed with a count of 0";
    return count;
  }
  return 0;
}

}  // namespace lde::schedule
