#include <cassert>

#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

using TargetLabels = std::array<LabelRef, 1>;

TargetLabels Target(const model::ProbeResult& r) { return {{{label::kTarget, r.target}}}; }

void ProbeSuccess(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResult(snap, [&](const model::ProbeResult& r) { sink.Add(Target(r), Bool(r.success)); });
}

void ProbeDuration(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResult(snap, [&](const model::ProbeResult& r) { sink.Add(Target(r), ToSeconds(r.duration)); });
}

void LastRun(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResult(
      snap, [&](const model::ProbeResult& r) { sink.Add(Target(r), ToUnixSeconds(r.started + r.duration)); });
}

// Per result: the target-level failure first, then each failed endpoint's.
// The endpoints' labels come from the snapshot's endpoint table, which lists
// every result's endpoints in this walk's order (endpoint_table.h): nearly
// no endpoint has a failure, and the table already holds their names.
void FailureInfo(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  const auto& rows = snap.endpoints().rows();
  std::size_t row = 0;  // the first row of the current result's endpoints
  ForEachResult(snap, [&](const model::ProbeResult& r) {
    if (r.failure) {
      // Same label set as the per-endpoint series; "" marks the target itself.
      const std::array<LabelRef, 7> labels{{{label::kTarget, r.target},
                                            {label::kEndpoint, ""},
                                            {label::kAddress, ""},
                                            {label::kRole, ""},
                                            {label::kNetwork, ""},
                                            {label::kStep, model::StepName(r.failure->step)},
                                            {label::kReason, model::ReasonName(r.failure->reason)}}};
      sink.Add(labels, 1);
    }
    for (const model::EndpointReport& e : r.endpoints) {
      const EndpointTable::Row& at = rows[row++];
      assert(at.report == &e);
      if (!e.failure) continue;
      sink.Add(
          With(RowLabels(snap.endpoints(), at), {{label::kStep, model::StepName(e.failure->step)},
                                                 {label::kReason, model::ReasonName(e.failure->reason)}}),
          1);
    }
  });
}

using DnsLabels = std::array<LabelRef, 3>;

DnsLabels Dns(const model::ProbeResult& r, const model::DnsOutcome& dns) {
  return {{{label::kTarget, r.target}, {label::kHost, dns.host}, {label::kResolver, dns.resolver}}};
}

void DnsSuccess(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResult</*kDns=*/true>(snap, [&](const model::ProbeResult& r) {
    for (const auto& dns : r.dns) sink.Add(Dns(r, dns), Bool(dns.success));
  });
}

void DnsSeconds(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResult</*kDns=*/true>(snap, [&](const model::ProbeResult& r) {
    for (const auto& dns : r.dns) sink.Add(Dns(r, dns), ToSeconds(dns.elapsed));
  });
}

void DnsAddressesSkipped(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachResult</*kDns=*/true>(snap, [&](const model::ProbeResult& r) {
    for (const auto& dns : r.dns) sink.Add(Dns(r, dns), static_cast<double>(dns.addresses_skipped));
  });
}

}  // namespace

void AddTargetFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kProbeSuccess, ProbeSuccess, /*keepable=*/true});
  out.push_back({&kProbeDurationSeconds, ProbeDuration});    // new with every probe
  out.push_back({&kProbeLastRunTimestampSeconds, LastRun});  // new with every probe
  out.push_back({&kProbeFailureInfo, FailureInfo, /*keepable=*/true});
  out.push_back({&kDnsLookupSuccess, DnsSuccess, /*keepable=*/true});
  out.push_back({&kDnsLookupSeconds, DnsSeconds});  // new with every probe
  out.push_back({&kDnsAddressesSkipped, DnsAddressesSkipped, /*keepable=*/true});
}

}  // namespace lde::metrics
