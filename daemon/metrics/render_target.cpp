#include "metrics/render_parts.h"

namespace lde::metrics {

void AppendTargetSeries(const model::ProbeResult& r, FamilySet& out) {
  const Labels target{MakeLabel(label::kTarget, r.target)};
  out.Add(kProbeSuccess, target, Bool(r.success));
  out.Add(kProbeDurationSeconds, target, ToSeconds(r.duration));
  out.Add(kProbeLastRunTimestampSeconds, target, ToUnixSeconds(r.started + r.duration));

  if (r.failure) {
    // Same label set as the per-endpoint series; "" marks the target itself.
    out.Add(kProbeFailureInfo,
            {MakeLabel(label::kTarget, r.target), MakeLabel(label::kEndpoint, ""),
             MakeLabel(label::kAddress, ""), MakeLabel(label::kRole, ""), MakeLabel(label::kNetwork, ""),
             MakeLabel(label::kStep, r.failure->step), MakeLabel(label::kReason, r.failure->reason)},
            1);
  }

  for (const auto& dns : r.dns) {
    Labels labels{MakeLabel(label::kTarget, r.target), MakeLabel(label::kHost, dns.host),
                  MakeLabel(label::kResolver, dns.resolver)};
    out.Add(kDnsLookupSuccess, labels, Bool(dns.success));
    out.Add(kDnsLookupSeconds, std::move(labels), ToSeconds(dns.elapsed));
  }
}

void AppendExporterSeries(const results::ResultStore::Snapshot& snap, const ExporterState& state,
                          FamilySet& out) {
  out.Add(kBuildInfo, {MakeLabel(label::kVersion, state.version)}, 1);
  out.Add(kConfigLastReloadSuccessful, {}, Bool(state.last_reload_ok));
  out.Add(kConfigLastReloadSuccessTimestampSeconds, {}, ToUnixSeconds(state.last_reload_success));

  for (const auto& [target, counts] : snap.counts) {
    out.Add(kProbesTotal,
            {MakeLabel(label::kTarget, target), MakeLabel(label::kResult, std::string(kResultSuccess))},
            static_cast<double>(counts.first));
    out.Add(kProbesTotal,
            {MakeLabel(label::kTarget, target), MakeLabel(label::kResult, std::string(kResultFailure))},
            static_cast<double>(counts.second));
  }
  for (const auto& [target, skipped] : state.skipped_runs) {
    out.Add(kProbeRunsSkippedTotal, {MakeLabel(label::kTarget, target)},
            static_cast<double>(skipped));
  }
}

}  // namespace lde::metrics
