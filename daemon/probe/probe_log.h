#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/log.h"
#include "model/budgets.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Writes a probe's events to the daemon log (debug level; the probe's one
// info line is LogProbeFinished's, for a failure) and
// keeps the same lines on the result for /status, as blackbox keeps each
// probe's log for ?debug=true. What a peer sent can only lengthen a line up
// to a budget, never multiply lines: details are cut to
// budget::kFailureDetailBytes, a fan-out over many addresses is one line,
// and at most budget::kLogLinesPerProbe lines are kept. Every event is a
// list of fields; the kept line is those fields as logfmt, quoted and
// escaped by the log writer (FormatLogfmtFields), so a detail the server
// chose can neither add fields nor start a line in the log or on /status.
class ProbeLog {
 public:
  explicit ProbeLog(model::ProbeResult& result) : result_(result) {}

  void Failure(const ProbeEnv& env, const std::string& target, const model::StepFailure& failure,
               const std::string& address = "");
  // One line for a target's fan-out over the addresses of `dns`, however
  // many endpoints failed: the first failure in full, how many failed by
  // reason ("connection_refused:14,timeout:2") and how many addresses were
  // skipped. Nothing when every endpoint passed and none was skipped.
  void FanOut(const ProbeEnv& env, const std::string& target, const model::DnsOutcome& dns,
              const std::vector<model::EndpointReport>& endpoints);
  // A debug event `event` with `fields` (the kept line holds the fields).
  void Note(const ProbeEnv& env, const std::string& target, std::string_view event, const LogFields& fields);

 private:
  static constexpr std::size_t kMaxLines = model::budget::kLogLinesPerProbe.value;
  void Keep(std::string line);
  void Keep(const LogFields& fields) { Keep(FormatLogfmtFields(fields)); }
  model::ProbeResult& result_;
};

// The probe's log as /status, its JSON and /probe?debug=true show it: the
// kept lines, then "probe finished success=... duration=...". That closing
// line is made from the result when shown, not held with it: a string per
// target, kept until its next run, was 1.2 MB at 11,000 targets. (The
// daemon's own log gets its line from LogProbeFinished once the result is
// stored, so that log never runs ahead of /metrics.)
std::vector<std::string> ShownLog(const model::ProbeResult& result);

// What an on-call engineer needs from one failed probe, as log fields: the
// target-level failure (step, reason, detail); else for a Lync deployment
// the first profile that would not sign in (network, profile, step, reason,
// detail) and how many network x profile verdicts failed; else the first
// failed endpoint (endpoint, address, step, reason, detail) and how many
// failed. Empty for a success. Pure.
LogFields FailureSummary(const model::ProbeResult& result);

// The "probe finished" event, the one line per probe: debug for a success;
// info for a failure, with FailureSummary's fields (the per-step lines that
// led to it are debug).
void LogProbeFinished(Logger& log, const model::ProbeResult& result);

}  // namespace lde::probe
