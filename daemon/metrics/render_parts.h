#pragma once

// Internal to lde_metrics: the families RenderMetrics and RenderText are made
// of. Each family has one emitter that walks the snapshot and hands that
// family's samples, in snapshot order, to a sink; so a render can finish one
// family before it starts the next, and both renderings share one definition
// of every series.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "metrics/endpoint_table.h"
#include "metrics/names.h"
#include "metrics/render.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// What the families walk: the store's snapshot, and its endpoints in one
// flat table built once per render (endpoint_table.h).
struct Snapshot {
  // NOLINTNEXTLINE(google-explicit-constructor): tests hand a store snapshot to one family
  Snapshot(const results::ResultStore::Snapshot& store)
      : results(store.results), counts(store.counts), endpoints(store.results) {}
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  const std::vector<std::shared_ptr<const model::ProbeResult>>& results;
  const decltype(results::ResultStore::Snapshot::counts)& counts;
  const EndpointTable endpoints;
};

// Adds every sample of one family to `sink`.
using EmitFamily = void (*)(const Snapshot& snap, const ExporterState& state, SeriesSink& sink);

struct FamilySpec {
  const MetricDef* def;
  EmitFamily emit;
};

// Every family this exporter publishes, each once, sorted by name: the order
// of the exposition.
std::vector<FamilySpec> SortedFamilies();

// probe_success, duration, last run, failure info (target and endpoint) and DNS.
void AddTargetFamilies(std::vector<FamilySpec>& out);
// TLS and HTTP observations of each endpoint.
void AddEndpointFamilies(std::vector<FamilySpec>& out);
// Certificates, trust, hostname, completeness and order of each chain.
void AddChainFamilies(std::vector<FamilySpec>& out);
// OCSP staple, CRL and live OCSP status of each chain, and whether the URLs
// its certificates name answered.
void AddRevocationFamilies(std::vector<FamilySpec>& out);
// Discovery and sign-in series of each Lync network.
void AddNetworkFamilies(std::vector<FamilySpec>& out);
// Build info, reload state, per-target counters and the process_* families.
void AddExporterFamilies(std::vector<FamilySpec>& out);

inline double Bool(bool b) { return b ? 1.0 : 0.0; }

}  // namespace lde::metrics
