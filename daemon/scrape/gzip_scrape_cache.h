#pragma once

// GET /metrics with gzip, without compressing what did not change. At
// 10,000 targets a scrape is ~46 MB of text, and nearly 90 % of it
// (certificates, trust and revocation verdicts, discovery findings) is the
// same from one probe of a target to the next; rendering and compressing
// all of it on every scrape was the whole of a scrape's cost
// (bench/README.md). The cache keeps the keepable families
// (metrics/exposition_parts.h) compressed, a run of targets at a time, and
// renders whole only what changes with every probe.
//
// How it knows what changed: each result carries a version
// (ResultStore::Snapshot::versions); a target whose version is unchanged
// has the same text. A target with a new result has its keepable text
// rendered alone and compared, by SHA-256, with what its last result
// rendered; only when they differ are the pieces of its run made again.
// Runs are cut where a target's name hash says so (content-defined), so a
// target added or removed changes its own run, not every run after it; a
// target with many endpoints is as much more likely to start one.
//
// What it holds beside the pieces: 32 bytes per name of the store's list
// of names, which it shares with the store. While that list stays (no
// reload) the entries are updated where they lie, so a scrape allocates
// nothing per target beyond the snapshot's own.
//
// The answer is byte for byte metrics::StreamText's text in one gzip
// member (tests/unit/scrape check it against StreamText). A scrape that
// asks no compression gets the same text with the pieces inflated
// (WriteText): inflating is faster than rendering again, and it needs no
// table of every endpoint, which was the largest thing such a scrape held.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_sink.h"
#include "http/gzip.h"
#include "metrics/render.h"
#include "results/result_store.h"

namespace lde::http {
class GzipPieceDeflater;
}
namespace lde::metrics {
class ExpositionParts;
}

namespace lde::scrape {

// What one Write did.
struct ScrapeCacheStats {
  bool from_cache = false;           // false: answered whole (see Write)
  std::size_t results_rendered = 0;  // results whose keepable text was rendered
  std::size_t runs = 0;              // runs of targets
  std::size_t runs_compressed = 0;   // runs whose pieces were made anew
  std::size_t piece_bytes = 0;       // compressed bytes the cache holds
  // The snapshot's counts did not name every result's target (a hand-made
  // snapshot), so the cache keeps a copy of the targets' names; a store's
  // snapshot lets it share the store's list.
  bool names_copied = false;
};

class GzipScrapeCache {
 public:
  // Endpoints per run, on average (a plain target has one): larger runs
  // compress a little better and cost more to make again when one target
  // in them changes.
  static constexpr std::size_t kRunEndpoints = 128;

  explicit GzipScrapeCache(std::size_t run_endpoints = kRunEndpoints,
                           http::GzipEngine engine = http::FastestGzipEngine());
  ~GzipScrapeCache();
  GzipScrapeCache(const GzipScrapeCache&) = delete;
  GzipScrapeCache& operator=(const GzipScrapeCache&) = delete;

  // Writes the exposition of (store, state) to `out` as one gzip member.
  // Give it snapshots of one ResultStore: a version means the same result
  // only within one store. Thread-safe: scrapes update the cache one at a
  // time, then write without holding it. A snapshot whose parts cannot be
  // rendered apart (ExpositionParts::separable), or whose results are not
  // sorted by target, each once, is compressed whole. The cache is updated
  // before anything is written, so a reader that goes away (an exception
  // from `out`, passed through) leaves it whole.
  ScrapeCacheStats Write(const results::ResultStore::Snapshot& store, const metrics::ExporterState& state,
                         ByteSink& out);
  // The same exposition as plain text, the kept pieces inflated: faster
  // than rendering them again (bench/README.md), and without the table of
  // every endpoint that a render of the whole snapshot builds. Keeps the
  // cache up to date as Write does.
  ScrapeCacheStats WriteText(const results::ResultStore::Snapshot& store, const metrics::ExporterState& state,
                             ByteSink& out);

 private:
  struct Entry;
  struct Run;
  struct RunPieces;
  struct Update;

  using Names = results::ProbeCounts::Names;

  ScrapeCacheStats Answer(const results::ResultStore::Snapshot& store, const metrics::ExporterState& state,
                          ByteSink& out, bool gzip);

  // Brings entries_ and runs_ up to date with `store`, whose results'
  // targets are `names`[name_of[i]] (under mutex_), compressing with
  // `deflater`, made here if needed and left for the scrape's own text.
  void Refresh(const metrics::ExpositionParts& parts, const results::ResultStore::Snapshot& store,
               const std::shared_ptr<const Names>& names, const std::vector<std::uint32_t>& name_of,
               std::optional<http::GzipPieceDeflater>& deflater, ScrapeCacheStats& stats);
  // Moves the entries to where `names` has their names, and forgets what
  // it has not (under mutex_).
  void Follow(std::shared_ptr<const Names> names);
  void Forget();

  const std::size_t run_endpoints_;
  const http::GzipEngine engine_;
  std::mutex mutex_;
  // Guarded by mutex_: what the last cached scrape left. An entry per name
  // of names_ (the store's own list when the snapshot's counts named every
  // result, so the cache copies no name), and the runs in name order.
  std::vector<Entry> entries_;
  std::shared_ptr<const Names> names_;
  std::vector<Run> runs_;
  std::string vantage_;
};

}  // namespace lde::scrape
