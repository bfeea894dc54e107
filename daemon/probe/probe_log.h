#pragma once

#include <string>

#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Writes a probe's events to the daemon log (debug level for success) and
// keeps the same lines on the result for /status, as blackbox keeps each
// probe's log for ?debug=true.
class ProbeLog {
 public:
  explicit ProbeLog(model::ProbeResult& result) : result_(result) {}

  void Failure(const ProbeEnv& env, const std::string& target, const model::StepFailure& failure,
               const std::string& address = "");
  void Note(const ProbeEnv& env, const std::string& target, const std::string& message);
  void Done(const ProbeEnv& env, const model::ProbeResult& result);

 private:
  static constexpr std::size_t kMaxLines = 64;
  void Keep(std::string line);
  model::ProbeResult& result_;
};

}  // namespace lde::probe
