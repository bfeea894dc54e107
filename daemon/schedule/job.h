#pragma once

#include <functional>
#include <string>

#include "common/clock.h"
#include "common/deadline.h"

namespace lde::schedule {

// What the scheduler knows of a probe: a name, a period, a time budget and a
// function to call. `run` must return by its Deadline and should not throw
// (an exception is a bug: the scheduler logs and counts it, and the worker
// survives).
struct Job {
  std::string target;
  Duration interval{};
  Duration timeout{};
  std::function<void(const Deadline&)> run;
};

// One run handed to a worker: the job as it was when the run became due.
struct Dispatch {
  std::string target;
  Duration timeout{};
  std::function<void(const Deadline&)> run;
};

}  // namespace lde::schedule
