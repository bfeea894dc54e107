#include "probe/probe_log.h"

#include <cstdio>

namespace lde::probe {

void ProbeLog::Keep(std::string line) {
  if (result_.log.size() < kMaxLines) result_.log.push_back(std::move(line));
}

void ProbeLog::Failure(const ProbeEnv& env, const std::string& target, const model::StepFailure& failure,
                       const std::string& address) {
  std::string line = "step=" + failure.step + " reason=" + failure.reason;
  if (!address.empty()) line += " address=" + address;
  line += " detail=\"" + failure.detail + "\"";
  Keep(line);
  if (env.log) {
    env.log->Info("probe step failed", {{"target", target}, {"step", failure.step},
                                        {"reason", failure.reason}, {"address", address},
                                        {"detail", failure.detail}});
  }
}

void ProbeLog::Note(const ProbeEnv& env, const std::string& target, const std::string& message) {
  Keep(message);
  if (env.log) env.log->Debug(message, {{"target", target}});
}

void ProbeLog::Done(const model::ProbeResult& result) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", ToSeconds(result.duration));
  Keep(std::string("probe finished success=") + (result.success ? "true" : "false") + " duration=" + seconds);
}

void LogProbeFinished(Logger& log, const model::ProbeResult& result) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", ToSeconds(result.duration));
  log.Log(result.success ? LogLevel::kDebug : LogLevel::kInfo, "probe finished",
          {{"target", result.target}, {"success", result.success ? "true" : "false"},
           {"duration_seconds", seconds}});
}

}  // namespace lde::probe
