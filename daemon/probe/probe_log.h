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
  // Keeps the closing line on the result; the daemon logs it once the
  // result is stored (LogProbeFinished), so the log never runs ahead of
  // /metrics.
  void Done(const model::ProbeResult& result);

 private:
  static constexpr std::size_t kMaxLines = 64;
  void Keep(std::string line);
  model::ProbeResult& result_;
};

// The "probe finished" event: info for a failure, debug for a success.
void LogProbeFinished(Logger& log, const model::ProbeResult& result);

}  // namespace lde::probe
