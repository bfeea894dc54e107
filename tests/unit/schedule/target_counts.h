#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "schedule/scheduler.h"

namespace lde::schedule {

// The count of `target` in a Scheduler::TargetCounts; fails the test if absent.
inline std::uint64_t CountOf(const Scheduler::TargetCounts& counts, const std::string& target) {
  for (const auto& [name, count] : counts) {
    if (name == target) return count;
  }
  ADD_FAILURE() << target << " has no count";
  return 0;
}

}  // namespace lde::schedule
