#pragma once

// Internal to lde_metrics: the pieces RenderMetrics is made of, one file each.

#include <string>
#include <string_view>

#include "metrics/family_set.h"
#include "metrics/render.h"
#include "model/probe_result.h"

namespace lde::metrics {

inline prometheus::ClientMetric::Label MakeLabel(std::string_view name, std::string value) {
  return {std::string(name), std::move(value)};
}

inline double Bool(bool b) { return b ? 1.0 : 0.0; }

// probe_success, duration, last run, target failure and DNS series.
void AppendTargetSeries(const model::ProbeResult& r, FamilySet& out);
// Certificate, trust, TLS and HTTP series of one endpoint.
void AppendEndpointSeries(const std::string& target, const model::EndpointReport& e,
                          FamilySet& out);
// Discovery and sign-in series of one Lync network.
void AppendNetworkSeries(const std::string& target, const model::NetworkReport& n,
                         FamilySet& out);
// Build info, reload state and per-target counters.
void AppendExporterSeries(const results::ResultStore::Snapshot& snap, const ExporterState& state,
                          FamilySet& out);

}  // namespace lde::metrics
