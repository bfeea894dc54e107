#include "probe/probe_log.h"

#include <cstdio>
#include <utility>

#include "common/utf8.h"

namespace lde::probe {
namespace {

std::string BoundedDetail(const std::string& detail) {
  return TruncateUtf8(detail, model::budget::kFailureDetailBytes.value);
}

// "connection_refused:14,timeout:2", in order of first appearance. Reasons
// are a fixed vocabulary, so the list is short whatever the fan-out.
std::string CountByReason(const std::vector<model::EndpointReport>& endpoints) {
  std::vector<std::pair<model::Reason, std::size_t>> counts;
  for (const auto& e : endpoints) {
    if (!e.failure) continue;
    auto it = counts.begin();
    while (it != counts.end() && it->first != e.failure->reason) ++it;
    if (it == counts.end()) {
      counts.emplace_back(e.failure->reason, 1);
    } else {
      ++it->second;
    }
  }
  std::string out;
  for (const auto& [reason, count] : counts) {
    if (!out.empty()) out += ',';
    out.append(model::ReasonName(reason)).append(":").append(std::to_string(count));
  }
  return out;
}

// The logger's fields: the target first, then the event's own.
LogFields WithTarget(const std::string& target, const LogFields& fields) {
  LogFields out;
  out.reserve(fields.size() + 1);
  out.emplace_back("target", target);
  out.insert(out.end(), fields.begin(), fields.end());
  return out;
}

}  // namespace

void ProbeLog::Keep(std::string line) {
  if (result_.log.size() < kMaxLines) result_.log.push_back(std::move(line));
}

void ProbeLog::Failure(const ProbeEnv& env, const std::string& target, const model::StepFailure& failure,
                       const std::string& address) {
  LogFields fields{{"step", std::string(model::StepName(failure.step))},
                   {"reason", std::string(model::ReasonName(failure.reason))}};
  if (!address.empty()) fields.emplace_back("address", address);
  fields.emplace_back("detail", BoundedDetail(failure.detail));
  Keep(fields);
  if (env.log) env.log->Debug("probe step failed", WithTarget(target, fields));
}

void ProbeLog::FanOut(const ProbeEnv& env, const std::string& target, const model::DnsOutcome& dns,
                      const std::vector<model::EndpointReport>& endpoints) {
  const model::EndpointReport* first = nullptr;
  std::size_t failed = 0;
  for (const auto& e : endpoints) {
    if (!e.failure) continue;
    if (first == nullptr) first = &e;
    ++failed;
  }
  if (first == nullptr && dns.addresses_skipped == 0) return;
  const std::string skipped = std::to_string(dns.addresses_skipped);
  if (first == nullptr) {
    const LogFields fields{{"host", dns.host.str()},
                           {"addresses_skipped", skipped},
                           {"endpoints", std::to_string(endpoints.size())}};
    Keep(fields);
    if (env.log) env.log->Info("dns addresses skipped", WithTarget(target, fields));
    return;
  }
  const model::StepFailure& failure = *first->failure;
  const LogFields fields{
      {"step", std::string(model::StepName(failure.step))},
      {"reason", std::string(model::ReasonName(failure.reason))},
      {"address", first->endpoint.address},
      {"detail", BoundedDetail(failure.detail)},
      {"endpoints_failed", std::to_string(failed) + "/" + std::to_string(endpoints.size())},
      {"reasons", CountByReason(endpoints)},
      {"addresses_skipped", skipped}};
  Keep(fields);
  if (env.log) env.log->Debug("probe step failed", WithTarget(target, fields));
}

void ProbeLog::Note(const ProbeEnv& env, const std::string& target, std::string_view event,
                    const LogFields& fields) {
  Keep(fields);
  if (env.log) env.log->Debug(event, WithTarget(target, fields));
}

std::vector<std::string> ShownLog(const model::ProbeResult& result) {
  std::vector<std::string> lines;
  lines.reserve(result.log.size() + 1);
  lines.insert(lines.end(), result.log.begin(), result.log.end());
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", ToSeconds(result.duration));
  lines.push_back("probe finished " + FormatLogfmtFields({{"success", result.success ? "true" : "false"},
                                                          {"duration", seconds}}));
  return lines;
}

LogFields FailureSummary(const model::ProbeResult& result) {
  LogFields fields;
  if (result.success) return fields;
  auto add_failure = [&fields](const model::StepFailure& failure) {
    fields.emplace_back("step", std::string(model::StepName(failure.step)));
    fields.emplace_back("reason", std::string(model::ReasonName(failure.reason)));
    fields.emplace_back("detail", BoundedDetail(failure.detail));
  };
  if (result.failure) {
    add_failure(*result.failure);
    return fields;
  }
  const model::NetworkReport* first_network = nullptr;
  const model::ProfileVerdict* first_verdict = nullptr;
  std::size_t verdicts = 0, not_ready = 0;
  for (const auto& network : result.networks) {
    for (const auto& verdict : network.verdicts) {
      ++verdicts;
      if (verdict.ready) continue;
      ++not_ready;
      if (first_verdict == nullptr) {
        first_network = &network;
        first_verdict = &verdict;
      }
    }
  }
  if (first_verdict != nullptr) {
    fields.emplace_back("network", std::string(model::NetworkName(first_network->network)));
    fields.emplace_back("profile", first_verdict->profile);
    if (first_verdict->failure) add_failure(*first_verdict->failure);
    fields.emplace_back("not_ready", std::to_string(not_ready) + "/" + std::to_string(verdicts));
    return fields;
  }
  const model::EndpointReport* first_endpoint = nullptr;
  std::size_t failed = 0;
  for (const auto& endpoint : result.endpoints) {
    if (!endpoint.failure) continue;
    if (first_endpoint == nullptr) first_endpoint = &endpoint;
    ++failed;
  }
  if (first_endpoint != nullptr) {
    if (first_endpoint->network != model::Network::kNone) {
      fields.emplace_back("network", std::string(model::NetworkName(first_endpoint->network)));
    }
    fields.emplace_back("endpoint", first_endpoint->endpoint.Name());
    fields.emplace_back("address", first_endpoint->endpoint.address);
    add_failure(*first_endpoint->failure);
    fields.emplace_back("endpoints_failed",
                        std::to_string(failed) + "/" + std::to_string(result.endpoints.size()));
    return fields;
  }
  // A failure no step recorded (e.g. a deployment with no network to walk).
  fields.emplace_back("reason", "unknown");
  return fields;
}

void LogProbeFinished(Logger& log, const model::ProbeResult& result) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", ToSeconds(result.duration));
  LogFields fields{{"target", result.target},
                   {"success", result.success ? "true" : "false"},
                   {"duration_seconds", seconds}};
  if (!result.success) {
    LogFields summary = FailureSummary(result);
    fields.insert(fields.end(), summary.begin(), summary.end());
  }
  log.Log(result.success ? LogLevel::kDebug : LogLevel::kInfo, "probe finished", fields);
}

}  // namespace lde::probe
