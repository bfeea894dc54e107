#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "metrics/render_parts.h"

namespace lde::metrics {
namespace {

void BuildInfo(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  const std::array<LabelRef, 3> labels{{{label::kVersion, state.version},
                                        {label::kRevision, state.revision},
                                        {label::kCompiler, state.compiler}}};
  sink.Add(labels, 1);
}

void ReloadSuccessful(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  sink.Add({}, Bool(state.last_reload_ok));
}

void ReloadTimestamp(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  sink.Add({}, ToUnixSeconds(state.last_reload_success));
}

void InstanceInfo(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  if (!state.instance) return;
  const std::array<LabelRef, 2> labels{
      {{label::kShard, state.instance->shard}, {label::kNetworks, state.instance->networks}}};
  sink.Add(labels, 1);
}

void Targets(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  if (!state.instance) return;
  const InstanceState& instance = *state.instance;
  for (const auto& [selection, count] :
       {std::pair{kSelectionProbed, instance.probed}, std::pair{kSelectionOtherShard, instance.other_shard},
        std::pair{kSelectionNetworkExcluded, instance.network_excluded}}) {
    const std::array<LabelRef, 1> labels{{{label::kSelection, selection}}};
    sink.Add(labels, static_cast<double>(count));
  }
}

// Both results of a target, success first, targets in the snapshot's order.
void ProbesTotal(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  for (const auto& [target, counts] : snap.counts) {
    const std::array<LabelRef, 2> success{{{label::kTarget, target}, {label::kResult, kResultSuccess}}};
    sink.Add(success, static_cast<double>(counts.success));
    const std::array<LabelRef, 2> failure{{{label::kTarget, target}, {label::kResult, kResultFailure}}};
    sink.Add(failure, static_cast<double>(counts.failure));
  }
}

// A per-target counter kept by the scheduler, which lists only the targets
// it counted: one series per target of the snapshot (0 when not listed) and
// per listed target the snapshot lacks, merged in target order (both lists
// are sorted by it), as every other per-target family is written.
template <auto kCounts>
void PerTargetCount(const Snapshot& snap, const ExporterState& state, SeriesSink& sink) {
  const auto& counted = state.*kCounts;
  auto add = [&sink](std::string_view target, std::uint64_t count) {
    const std::array<LabelRef, 1> labels{{{label::kTarget, target}}};
    sink.Add(labels, static_cast<double>(count));
  };
  auto next = counted.begin();
  for (const auto& [target, unused] : snap.counts) {
    for (; next != counted.end() && next->first < target; ++next) add(next->first, next->second);
    const bool listed = next != counted.end() && next->first == target;
    add(target, listed ? next->second : 0);
    if (listed) ++next;
  }
  for (; next != counted.end(); ++next) add(next->first, next->second);
}

// One unlabelled sample of a ProcessStats field, none without process stats.
template <auto kField>
void ProcessValue(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  if (state.process) sink.Add({}, static_cast<double>((*state.process).*kField));
}

void HttpConnectionsOpen(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  if (state.http) sink.Add({}, static_cast<double>(state.http->open_connections));
}

void HttpConnectionsDropped(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  if (!state.http) return;
  for (const auto& [reason, count] : state.http->dropped) {
    const std::array<LabelRef, 1> labels{{{label::kReason, reason}}};
    sink.Add(labels, static_cast<double>(count));
  }
}

void HttpRequests(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  if (!state.http) return;
  for (const auto& [key, count] : state.http->requests) {
    const std::array<LabelRef, 2> labels{{{label::kHandler, key.first}, {label::kCode, key.second}}};
    sink.Add(labels, static_cast<double>(count));
  }
}

}  // namespace

void AddExporterFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kBuildInfo, BuildInfo});
  out.push_back({&kConfigLastReloadSuccessful, ReloadSuccessful});
  out.push_back({&kConfigLastReloadSuccessTimestampSeconds, ReloadTimestamp});
  out.push_back({&kInstanceInfo, InstanceInfo});
  out.push_back({&kTargets, Targets});
  out.push_back({&kProbesTotal, ProbesTotal});
  out.push_back({&kProbeRunsSkippedTotal, PerTargetCount<&ExporterState::skipped_runs>});
  out.push_back({&kProbeErrorsTotal, PerTargetCount<&ExporterState::probe_errors>});
  out.push_back({&kHttpConnectionsOpen, HttpConnectionsOpen});
  out.push_back({&kHttpConnectionsDroppedTotal, HttpConnectionsDropped});
  out.push_back({&kHttpRequestsTotal, HttpRequests});
  out.push_back({&kProcessCpuSecondsTotal, ProcessValue<&ProcessStats::cpu_seconds>});
  out.push_back({&kProcessOpenFds, ProcessValue<&ProcessStats::open_fds>});
  out.push_back({&kProcessMaxFds, ProcessValue<&ProcessStats::max_fds>});
  out.push_back({&kProcessVirtualMemoryBytes, ProcessValue<&ProcessStats::virtual_memory_bytes>});
  out.push_back({&kProcessVirtualMemoryMaxBytes, ProcessValue<&ProcessStats::virtual_memory_max_bytes>});
  out.push_back({&kProcessResidentMemoryBytes, ProcessValue<&ProcessStats::resident_memory_bytes>});
  out.push_back({&kProcessStartTimeSeconds, ProcessValue<&ProcessStats::start_time_seconds>});
  out.push_back({&kProcessThreads, ProcessValue<&ProcessStats::threads>});
}

}  // namespace lde::metrics
