// GET /metrics with gzip as the daemon answers it, in process: the scrape
// cache (scrape/gzip_scrape_cache.h) over 10,000 results lying as the
// resident daemon leaves them, after a share of them was replaced by new
// results, as probes finishing between two scrapes replace them. The new
// results hold the same findings with a new duration, as a probe of a
// steady estate does. What the daemon pays per scrape is measured on the
// daemon itself (daemon_load); this is the micro-view.

#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>

#include "common/byte_sink.h"
#include "micro/snapshot_builder.h"
#include "scrape/gzip_scrape_cache.h"

namespace lde::bench {
namespace {

// Counts what it is given and keeps nothing: the socket of a scrape.
class CountingSink final : public ByteSink {
 public:
  void Write(std::string_view bytes) override { bytes_ += bytes.size(); }
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t bytes_ = 0;
};

// Arg 0: targets; arg 1: results replaced between two scrapes, per mille
// (83: a 5 s scrape of a 60 s interval; 250: a 15 s scrape), or -1 for a
// cache that starts empty at every scrape (the first scrape after start,
// or every run made again as in the first minute); arg 2: 1 for a gzip
// answer, 0 for plain text (the kept pieces inflated).
void BM_GzipScrapeCache(benchmark::State& state) {
  const auto targets = static_cast<std::size_t>(state.range(0));
  const bool cold = state.range(1) < 0;
  const bool gzip = state.range(2) != 0;
  const auto per_mille = cold ? 0 : static_cast<std::size_t>(state.range(1));
  results::ResultStore::Snapshot snap = BuildSnapshot(targets, HeapLayout::kScattered);
  metrics::ExporterState exporter;
  exporter.version = "bench";
  exporter.last_reload_ok = true;
  auto cache = std::make_unique<scrape::GzipScrapeCache>();
  CountingSink warm;
  cache->Write(snap, exporter, warm);  // the first scrape compresses everything

  std::uint64_t next_version = 1u << 30;
  std::size_t next_target = 0;
  const std::size_t replaced = targets * per_mille / 1000;
  scrape::ScrapeCacheStats stats;
  std::size_t out_bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    if (cold) cache = std::make_unique<scrape::GzipScrapeCache>();
    for (std::size_t k = 0; k < replaced; ++k) {
      // Spread over the snapshot, as probes on random phases finish.
      const std::size_t i = (next_target += 7919) % targets;
      auto again = std::make_shared<model::ProbeResult>(*snap.results[i]);
      again->duration += std::chrono::milliseconds(1);
      snap.results[i] = std::move(again);
      snap.versions[i] = ++next_version;
    }
    state.ResumeTiming();
    CountingSink out;
    stats = gzip ? cache->Write(snap, exporter, out) : cache->WriteText(snap, exporter, out);
    out_bytes = out.bytes();
  }
  state.counters["answer_bytes"] = static_cast<double>(out_bytes);
  state.counters["results_rendered"] = static_cast<double>(stats.results_rendered);
  state.counters["runs"] = static_cast<double>(stats.runs);
  state.counters["runs_compressed"] = static_cast<double>(stats.runs_compressed);
  state.counters["piece_bytes"] = static_cast<double>(stats.piece_bytes);
}
BENCHMARK(BM_GzipScrapeCache)
    ->Args({10000, -1, 1})
    ->Args({10000, 0, 1})
    ->Args({10000, 83, 1})
    ->Args({10000, 250, 1})
    ->Args({10000, -1, 0})
    ->Args({10000, 0, 0})
    ->Args({10000, 83, 0})
    ->Iterations(10)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lde::bench
