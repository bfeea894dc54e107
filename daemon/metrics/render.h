#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/byte_sink.h"
#include "common/clock.h"
#include "metrics/process_stats.h"
#include "prometheus/metric_family.h"
#include "results/result_store.h"

namespace lde::metrics {

// The exporter's HTTP server counters, as label values (app/ converts them
// from http::HttpServerStats; metrics/ does not know the server).
struct HttpServerCounters {
  std::uint64_t open_connections = 0;
  std::vector<std::pair<std::string, std::uint64_t>> dropped;  // reason -> count
  // (handler, code) -> count
  std::vector<std::pair<std::pair<std::string, std::string>, std::uint64_t>> requests;
};

// What this instance takes on among several sharing one configuration
// (config/instance.h), as app/ hands it over.
struct InstanceState {
  std::string shard = "1/1";                   // "I/N"
  std::string networks = "internal,external";  // the Lync networks probed from here
  std::size_t probed = 0;                      // configured names probed here
  std::size_t other_shard = 0;                 // left to other shards
  std::size_t network_excluded = 0;            // none of their networks probed here
};

// What the exporter knows about itself, passed in by app/ at scrape time.
struct ExporterState {
  // Appended as label `vantage` to every series when not empty (checked by
  // config::VantageProblem): where this instance probes from.
  std::string vantage;
  // Labels of lyncdiscover_exporter_build_info: version, short git commit
  // ("unknown" outside a checkout), compiler ("GNU 12.2.0").
  std::string version;
  std::string revision;
  std::string compiler;
  bool last_reload_ok = false;
  SysTime last_reload_success{};
  // {target, runs skipped because the previous run was still going}
  // (Scheduler::SkippedCounts()), sorted by target, only the targets with
  // a count: every target of the snapshot's `counts` renders, at 0 when
  // absent here; one listed here that the snapshot lacks (a reload between
  // its two steps) renders too.
  std::vector<std::pair<std::string, std::uint64_t>> skipped_runs;
  // {target, runs that threw} (Scheduler::ErrorCounts()); same rules.
  std::vector<std::pair<std::string, std::uint64_t>> probe_errors;
  // The exporter's own process (ReadProcessStats()); nullopt omits every
  // process_* family.
  std::optional<ProcessStats> process;
  // nullopt (--once, tests) omits the http families.
  std::optional<HttpServerCounters> http;
  // nullopt (tests) omits lyncdiscover_exporter_instance_info and _targets.
  std::optional<InstanceState> instance;
};

// Builds every metric family from a snapshot. Pure: the same input gives the
// same output, and nothing outlives the call, so a removed target or a
// rotated certificate leaves no stale series. Families are sorted by name,
// empty families are omitted, and no family holds a duplicate series. The
// names and label sets are those of metrics/names.h. Every label value is
// bounded and repaired by BoundLabelValue (label_values.h): at most
// budget::kLabelValueBytes of UTF-8 without raw control characters, whatever
// a peer sent; values that become equal that way render once, first wins.
std::vector<prometheus::MetricFamily> RenderMetrics(const results::ResultStore::Snapshot& snap,
                                                    const ExporterState& state);

// RenderMetrics in the Prometheus text exposition format 0.0.4, byte for byte
// what prometheus::TextSerializer writes for it, but written family by family
// straight from the snapshot: beside the returned text, a render holds only
// the duplicate index of one family, never the MetricFamily structs.
std::string RenderText(const results::ResultStore::Snapshot& snap, const ExporterState& state);

// The same text, handed to `out` piece by piece as it is written (pieces of
// about TextWriter::kDefaultFlushBytes): what a render holds does not grow
// with the number of targets. An exception from `out` (the reader went
// away) passes through and ends the render.
void StreamText(const results::ResultStore::Snapshot& snap, const ExporterState& state, ByteSink& out);

// The series of the results in `snap` alone, as RenderText writes them,
// without the exporter's own families (build info, reload state, run
// counters, HTTP server, process): the answer of GET /probe, which, as
// blackbox's, holds only what the probe found (and the vantage label, when
// not empty, as on every series).
std::string RenderResultsText(const results::ResultStore::Snapshot& snap, std::string_view vantage = {});

}  // namespace lde::metrics
