// The scrape cost: metrics::RenderText (the whole text as one string, as
// GET /probe still answers) and metrics::StreamText (what GET /metrics does)
// over a ResultStore snapshot of 10,000 HTTPS targets (see
// snapshot_builder.h). Reports the size of the exposition text, what the
// snapshot holds and the memory a scrape needs on top of it.

#include <benchmark/benchmark.h>
#include <malloc.h>

#include "common/byte_sink.h"
#include "metrics/render.h"
#include "micro/snapshot_builder.h"
#include "support/memory_usage.h"

namespace lde::bench {
namespace {

constexpr double kMiB = 1024.0;  // KiB per MiB

// Counts what it is given and keeps nothing: the socket of a scrape.
class CountingSink final : public ByteSink {
 public:
  void Write(std::string_view bytes) override {
    bytes_ += bytes.size();
    benchmark::DoNotOptimize(bytes.data());
  }
  std::size_t bytes() const { return bytes_; }

 private:
  std::size_t bytes_ = 0;
};

// Builds a snapshot of state.range(0) targets, runs `render` (snapshot,
// exporter state -> bytes of text produced) per iteration and reports the
// text size, what the snapshot holds and the peak memory of a scrape.
template <typename Render>
void MeasureScrape(benchmark::State& state, Render render) {
  const auto targets = static_cast<std::size_t>(state.range(0));
  // Give back what earlier runs freed, so RSS deltas measure this run only
  // (glibc keeps freed pages otherwise, and a repetition would show 0).
  malloc_trim(0);
  const std::int64_t rss_before_build = CurrentRssKib();
  results::ResultStore::Snapshot snap = BuildSnapshot(targets);
  metrics::ExporterState exporter;
  exporter.version = "bench";
  exporter.last_reload_ok = true;
  exporter.last_reload_success = std::chrono::system_clock::now();

  const std::int64_t rss_held = CurrentRssKib();
  const bool peak_reset = ResetPeakRss();
  std::size_t out_bytes = 0;
  for (auto _ : state) out_bytes = render(snap, exporter);
  const std::int64_t rss_peak = PeakRssKib();

  state.counters["targets"] = static_cast<double>(targets);
  state.counters["out_bytes"] = static_cast<double>(out_bytes);
  state.counters["out_bytes_per_target"] = static_cast<double>(out_bytes) / static_cast<double>(targets);
  // Resident memory of the snapshot itself (results as the store holds them).
  state.counters["held_MiB"] = static_cast<double>(rss_held - rss_before_build) / kMiB;
  state.counters["held_bytes_per_target"] =
      static_cast<double>(rss_held - rss_before_build) * 1024.0 / static_cast<double>(targets);
  // Peak RSS while rendering, above what was resident before the first render.
  if (peak_reset && rss_peak > 0) {
    state.counters["render_peak_extra_MiB"] = static_cast<double>(rss_peak - rss_held) / kMiB;
  }
  // getrusage ru_maxrss: the whole process's peak; after the reset above,
  // its peak during the render loop (snapshot held + one render).
  state.counters["maxrss_MiB"] = static_cast<double>(MaxRssKib()) / kMiB;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * targets));
}

// Arg: number of targets. The whole text as one string.
void BM_RenderText(benchmark::State& state) {
  MeasureScrape(state, [](const auto& snap, const auto& exporter) {
    std::string text = metrics::RenderText(snap, exporter);
    benchmark::DoNotOptimize(text);
    return text.size();
  });
}
BENCHMARK(BM_RenderText)->Arg(10000)->Arg(1000)->Iterations(10)->Unit(benchmark::kMillisecond);

// What GET /metrics does since it streams: metrics::StreamText into a sink
// that keeps nothing. render_peak_extra_MiB is then what a scrape costs on
// top of the held results, and it should not grow with the target count.
void BM_StreamText(benchmark::State& state) {
  MeasureScrape(state, [](const auto& snap, const auto& exporter) {
    CountingSink sink;
    metrics::StreamText(snap, exporter, sink);
    return sink.bytes();
  });
}
BENCHMARK(BM_StreamText)->Arg(10000)->Arg(1000)->Iterations(10)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lde::bench
