#include "metrics/render_parts.h"

namespace lde::metrics {
namespace {

void BuildInfo(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  const std::array<LabelRef, 1> labels{{{label::kVersion, state.version}}};
  sink.Add(labels, 1);
}

void ReloadSuccessful(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  sink.Add({}, Bool(state.last_reload_ok));
}

void ReloadTimestamp(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  sink.Add({}, ToUnixSeconds(state.last_reload_success));
}

// Both results of a target, success first, targets in the snapshot's order.
void ProbesTotal(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  for (const auto& [target, counts] : snap.counts) {
    const std::array<LabelRef, 2> success{{{label::kTarget, target}, {label::kResult, kResultSuccess}}};
    sink.Add(success, static_cast<double>(counts.first));
    const std::array<LabelRef, 2> failure{{{label::kTarget, target}, {label::kResult, kResultFailure}}};
    sink.Add(failure, static_cast<double>(counts.second));
  }
}

void RunsSkipped(const Snapshot&, const ExporterState& state, SeriesSink& sink) {
  for (const auto& [target, skipped] : state.skipped_runs) {
    const std::array<LabelRef, 1> labels{{{label::kTarget, target}}};
    sink.Add(labels, static_cast<double>(skipped));
  }
}

}  // namespace

void AddExporterFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kBuildInfo, BuildInfo});
  out.push_back({&kConfigLastReloadSuccessful, ReloadSuccessful});
  out.push_back({&kConfigLastReloadSuccessTimestampSeconds, ReloadTimestamp});
  out.push_back({&kProbesTotal, ProbesTotal});
  out.push_back({&kProbeRunsSkippedTotal, RunsSkipped});
}

}  // namespace lde::metrics
