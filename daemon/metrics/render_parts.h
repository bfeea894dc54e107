#pragma once

// Internal to lde_metrics: the families RenderMetrics and RenderText are made
// of. Each family has one emitter that walks the snapshot and hands that
// family's samples, in snapshot order, to a sink; so a render can finish one
// family before it starts the next, and both renderings share one definition
// of every series.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
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
  using Results = std::span<const std::shared_ptr<const model::ProbeResult>>;
  using Counts = decltype(results::ResultStore::Snapshot::counts);

  // NOLINTNEXTLINE(google-explicit-constructor): tests hand a store snapshot to one family
  Snapshot(const results::ResultStore::Snapshot& store) : Snapshot(store.results, store.counts) {}
  // A share of a store's results (a split render, render_split.h), with
  // the store's counts.
  Snapshot(Results shared, const Counts& all_counts)
      : results(shared), counts(all_counts), endpoints(shared) {}
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  const Results results;
  const Counts& counts;
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
// Whether `family` is one of AddExporterFamilies': about the exporter, not
// its results (not in /probe's answer; not split by results).
bool IsExporterFamily(const FamilySpec& family);

inline double Bool(bool b) { return b ? 1.0 : 0.0; }

// Appends vantage="NAME" to every sample on its way to `inner`, when the
// instance has a vantage: one place, so no family can miss it. Last, so the
// first label (the target, which TextWriter groups by) stays first.
class VantageLabel final : public SeriesSink {
 public:
  VantageLabel(SeriesSink& inner, std::string_view vantage) : inner_(inner), vantage_(vantage) {}

  void Add(std::span<const LabelRef> labels, double value) override {
    if (vantage_.empty()) return inner_.Add(labels, value);
    copy_.assign(labels.begin(), labels.end());
    copy_.push_back({label::kVantage, vantage_});
    inner_.Add(copy_, value);
  }

 private:
  SeriesSink& inner_;
  const std::string_view vantage_;
  std::vector<LabelRef> copy_;
};

}  // namespace lde::metrics
