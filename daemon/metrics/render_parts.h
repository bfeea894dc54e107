#pragma once

// Internal to lde_metrics: the families RenderMetrics and RenderText are made
// of. Each family has one emitter that walks the snapshot and hands that
// family's samples, in snapshot order, to a sink; so a render can finish one
// family before it starts the next, and both renderings share one definition
// of every series.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "metrics/endpoint_table.h"
#include "metrics/names.h"
#include "metrics/render.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// What the families walk: the store's snapshot, and its endpoints in one
// flat table built at most once per render (endpoint_table.h).
struct Snapshot {
  using Counts = decltype(results::ResultStore::Snapshot::counts);
  // NOLINTNEXTLINE(google-explicit-constructor): tests hand a store snapshot to one family
  Snapshot(const results::ResultStore::Snapshot& store) : Snapshot(store.results, store.counts) {}
  // Some of a store snapshot's results (a run of them, or one), without
  // copying them: what a scrape cache renders apart.
  Snapshot(EndpointTable::Results some, const Counts& counts_of_all) : results(some), counts(counts_of_all) {}
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  const EndpointTable::Results results;
  const Counts& counts;

  // Built by the first family that walks it, so a render whose families
  // never do (what a scrape cache renders whole, scrape/) does not pay for
  // it. One render at a time per Snapshot.
  const EndpointTable& endpoints() const {
    if (!endpoints_) endpoints_.emplace(results);
    return *endpoints_;
  }

 private:
  mutable std::optional<EndpointTable> endpoints_;
};

// Adds every sample of one family to `sink`.
using EmitFamily = void (*)(const Snapshot& snap, const ExporterState& state, SeriesSink& sink);

struct FamilySpec {
  const MetricDef* def;
  EmitFamily emit;
  // True when a target's samples of this family depend on its result
  // alone, and stay the same from one probe to the next unless what the
  // probe found changed (not durations or run times): a scrape cache may
  // then keep them while the result's text of every such family stays the
  // same (metrics/exposition_parts.h). False, the safe default, renders
  // the family whole on every scrape.
  bool keepable = false;
};

// Every family this exporter publishes, each once, sorted by name: the order
// of the exposition.
std::vector<FamilySpec> SortedFamilies();

// Whether every family's samples of one target come one after the other,
// so a TextWriter may group by target (render.cpp).
bool GroupsAreContiguous(const Snapshot& snap, const ExporterState& state);

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
