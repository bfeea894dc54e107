#include "scrape/gzip_scrape_cache.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

#include "sample_results.h"
#include "support/raw_http/gunzip.h"

namespace lde::scrape {
namespace {

using namespace std::chrono_literals;
using lde::testing::Gunzip;

std::string TargetName(int i) {
  char name[16];
  std::snprintf(name, sizeof name, "t%04d", i);
  return name;
}

// Target i: a Lync result for even i, a DNS failure for odd i (both with
// every kind of series the samples hold), `duration` as its probe's.
std::shared_ptr<const model::ProbeResult> Result(int i, std::chrono::milliseconds duration = 1500ms) {
  auto r = std::make_shared<model::ProbeResult>(i % 2 == 0 ? metrics::testdata::LyncResult()
                                                           : metrics::testdata::DnsFailureResult());
  r->target = TargetName(i);
  r->duration = duration;
  return r;
}

// What the cache answers, decompressed, and what StreamText writes.
struct Scrape {
  std::string text;
  std::string expected;
  ScrapeCacheStats stats;  // of the gzip answer
};

// A gzip answer, then a plain one of the same snapshot, each checked
// against StreamText's text.
Scrape Take(GzipScrapeCache& cache, const results::ResultStore::Snapshot& snap,
            const metrics::ExporterState& state = metrics::testdata::SampleState()) {
  Scrape scrape;
  std::string gzip;
  StringSink sink(gzip);
  scrape.stats = cache.Write(snap, state, sink);
  scrape.text = Gunzip(gzip);
  StringSink expected(scrape.expected);
  metrics::StreamText(snap, state, expected);
  std::string plain;
  StringSink plain_sink(plain);
  const ScrapeCacheStats plain_stats = cache.WriteText(snap, state, plain_sink);
  EXPECT_EQ(plain, scrape.expected);
  EXPECT_EQ(plain_stats.from_cache, scrape.stats.from_cache);
  return scrape;
}

// A plain answer alone, checked against StreamText's text.
ScrapeCacheStats TakeText(GzipScrapeCache& cache, const results::ResultStore::Snapshot& snap) {
  const metrics::ExporterState state = metrics::testdata::SampleState();
  std::string plain, expected;
  StringSink plain_sink(plain), expected_sink(expected);
  const ScrapeCacheStats stats = cache.WriteText(snap, state, plain_sink);
  metrics::StreamText(snap, state, expected_sink);
  EXPECT_EQ(plain, expected);
  return stats;
}

class GzipScrapeCacheTest : public ::testing::Test {
 protected:
  static constexpr int kTargets = 300;

  void SetUp() override {
    for (int i = 0; i < kTargets; ++i) store_.Put(Result(i));
  }

  // The store's snapshot without result i, its name still listed (no
  // store does that; a hand-made snapshot may).
  results::ResultStore::Snapshot Without(std::size_t i) const {
    auto snap = store_.Take();
    snap.results.erase(snap.results.begin() + static_cast<std::ptrdiff_t>(i));
    snap.versions.erase(snap.versions.begin() + static_cast<std::ptrdiff_t>(i));
    return snap;
  }

  results::ResultStore store_;
  // Small runs, so 300 targets make many of them.
  GzipScrapeCache cache_{/*run_endpoints=*/8};
};

TEST_F(GzipScrapeCacheTest, AnswersStreamTextsTextAndKeepsWhatDidNotChange) {
  const Scrape first = Take(cache_, store_.Take());
  EXPECT_EQ(first.text, first.expected);
  EXPECT_TRUE(first.stats.from_cache);
  EXPECT_GT(first.stats.runs, 10u);
  EXPECT_EQ(first.stats.runs_compressed, first.stats.runs);
  EXPECT_GT(first.stats.piece_bytes, 0u);

  const Scrape again = Take(cache_, store_.Take());
  EXPECT_EQ(again.text, again.expected);
  EXPECT_EQ(again.stats.results_rendered, 0u);
  EXPECT_EQ(again.stats.runs_compressed, 0u);
  EXPECT_EQ(again.stats.runs, first.stats.runs);
}

// A scrape that asks no compression keeps the cache as a gzip one does,
// and answers from the pieces inflated.
TEST_F(GzipScrapeCacheTest, PlainAnswersComeFromTheSamePieces) {
  const ScrapeCacheStats first = TakeText(cache_, store_.Take());
  EXPECT_TRUE(first.from_cache);
  EXPECT_EQ(first.runs_compressed, first.runs);
  auto changed = std::make_shared<model::ProbeResult>(*Result(20));
  changed->endpoints[0].chain->hostname_match = false;
  store_.Put(changed);
  store_.Put(Result(30, 2345ms));
  EXPECT_EQ(TakeText(cache_, store_.Take()).runs_compressed, 1u);
  const Scrape gzip = Take(cache_, store_.Take());
  EXPECT_EQ(gzip.text, gzip.expected);
  EXPECT_EQ(gzip.stats.runs_compressed, 0u);
}

TEST_F(GzipScrapeCacheTest, ANewProbeWithTheSameFindingsRecompressesNothing) {
  Take(cache_, store_.Take());
  store_.Put(Result(10, 2345ms));  // only its duration and run time differ
  store_.Put(Result(11, 987ms));
  const Scrape scrape = Take(cache_, store_.Take());
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_NE(scrape.text.find("probe_duration_seconds{target=\"t0010\"} 2.345\n"), std::string::npos);
  EXPECT_EQ(scrape.stats.results_rendered, 2u);
  EXPECT_EQ(scrape.stats.runs_compressed, 0u);
}

TEST_F(GzipScrapeCacheTest, ChangedFindingsRecompressTheirRunAlone) {
  Take(cache_, store_.Take());
  auto changed = std::make_shared<model::ProbeResult>(*Result(20));
  changed->endpoints[0].chain->hostname_match = false;  // a keepable family
  store_.Put(changed);
  const Scrape scrape = Take(cache_, store_.Take());
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_NE(scrape.text.find("lyncdiscover_cert_hostname_match{target=\"t0020\""), std::string::npos);
  EXPECT_EQ(scrape.stats.runs_compressed, 1u);
}

TEST_F(GzipScrapeCacheTest, TargetsAddedAndRemovedChangeTheirRunsAlone) {
  const Scrape first = Take(cache_, store_.Take());
  std::set<std::string> kept;
  for (int i = 0; i < kTargets; ++i) {
    if (i != 100 && i != 200) kept.insert(TargetName(i));
  }
  kept.insert("t0150a");  // sorts between t0150 and t0151
  store_.RetainOnly(kept);
  auto added = std::make_shared<model::ProbeResult>(*Result(150));
  added->target = "t0150a";
  store_.Put(added);
  const Scrape scrape = Take(cache_, store_.Take());
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_EQ(scrape.text.find("target=\"t0100\""), std::string::npos);
  EXPECT_NE(scrape.text.find("target=\"t0150a\""), std::string::npos);
  // Three places changed: at most the runs around them (a removed name
  // that started a run joins its run to the one before).
  EXPECT_LE(scrape.stats.runs_compressed, 6u);
  EXPECT_LT(scrape.stats.runs_compressed, first.stats.runs / 4);
}

TEST_F(GzipScrapeCacheTest, SharesTheStoresNamesAndCopiesThemForSnapshotsWithoutCounts) {
  EXPECT_FALSE(Take(cache_, store_.Take()).stats.names_copied);
  // Without counts the cache cannot point into the store's names: it keeps
  // its own, and finds the same targets' entries and runs in them.
  auto bare = store_.Take();
  bare.counts = {};
  const Scrape copied = Take(cache_, bare);
  EXPECT_EQ(copied.text, copied.expected);
  EXPECT_TRUE(copied.stats.names_copied);
  EXPECT_EQ(copied.stats.runs_compressed, 0u);
  // Counts that miss one result's target are as good as none.
  auto partial = store_.Take();
  partial.counts = {{TargetName(0), {1, 0}}, {TargetName(2), {1, 0}}};
  const Scrape missing = Take(cache_, partial);
  EXPECT_EQ(missing.text, missing.expected);
  EXPECT_TRUE(missing.stats.names_copied);
  EXPECT_EQ(missing.stats.runs_compressed, 0u);
  // And back to the store's list, still keeping every run.
  const Scrape shared = Take(cache_, store_.Take());
  EXPECT_EQ(shared.text, shared.expected);
  EXPECT_FALSE(shared.stats.names_copied);
  EXPECT_EQ(shared.stats.runs_compressed, 0u);
}

// The first minute: every target is known (RetainOnly) and their first
// results arrive between scrapes. The cache follows the store's one list
// of names throughout; runs no new result fell in are kept.
TEST(GzipScrapeCacheArrivalTest, FirstResultsArriveBetweenScrapes) {
  results::ResultStore store;
  std::set<std::string> all;
  for (int i = 0; i < 300; ++i) all.insert(TargetName(i));
  store.RetainOnly(all);
  GzipScrapeCache cache(/*run_endpoints=*/8);
  for (int i = 0; i < 150; ++i) store.Put(Result(i));
  const Scrape half = Take(cache, store.Take());
  EXPECT_EQ(half.text, half.expected);
  EXPECT_FALSE(half.stats.names_copied);

  for (int i = 150; i < 300; i += 2) store.Put(Result(i));
  const Scrape more = Take(cache, store.Take());
  EXPECT_EQ(more.text, more.expected);
  // The first half's runs stay, but for the one at the seam.
  EXPECT_GE(more.stats.runs - more.stats.runs_compressed, half.stats.runs - 1);

  for (int i = 151; i < 300; i += 2) store.Put(Result(i));
  const Scrape full = Take(cache, store.Take());
  EXPECT_EQ(full.text, full.expected);
  EXPECT_GT(full.stats.runs_compressed, 0u);
  const Scrape steady = Take(cache, store.Take());
  EXPECT_EQ(steady.text, steady.expected);
  EXPECT_EQ(steady.stats.runs_compressed, 0u);
}

// A result gone while its name stays: the run it was in is made anew, and
// again when it is back.
TEST_F(GzipScrapeCacheTest, AResultGoneWhileItsNameStaysRemakesItsRun) {
  const Scrape first = Take(cache_, store_.Take());
  const Scrape without = Take(cache_, Without(42));
  EXPECT_EQ(without.text, without.expected);
  EXPECT_FALSE(without.stats.names_copied);  // the store's list, which still names it
  EXPECT_EQ(without.text.find("probe_success{target=\"t0042\""), std::string::npos);
  EXPECT_NE(first.text.find("probe_success{target=\"t0042\""), std::string::npos);
  EXPECT_GE(without.stats.runs_compressed, 1u);
  EXPECT_LE(without.stats.runs_compressed, 2u);
  const Scrape back = Take(cache_, store_.Take());
  EXPECT_EQ(back.text, back.expected);
  EXPECT_GE(back.stats.runs_compressed, 1u);
  EXPECT_LE(back.stats.runs_compressed, 2u);
  EXPECT_EQ(back.stats.runs, first.stats.runs);
}

// As above, in one run: without one result, then without another instead.
// The second has as many results as the first, between the same first and
// last: only knowing which names had results tells the runs apart.
TEST_F(GzipScrapeCacheTest, OneRunWithoutOneResultThenWithoutAnother) {
  GzipScrapeCache cache(/*run_endpoints=*/1'000'000);  // every target in one run
  EXPECT_EQ(Take(cache, store_.Take()).stats.runs, 1u);
  const Scrape a = Take(cache, Without(100));
  EXPECT_EQ(a.text, a.expected);
  const Scrape b = Take(cache, Without(200));
  EXPECT_EQ(b.text, b.expected);
  EXPECT_EQ(b.stats.runs_compressed, 1u);
}

TEST_F(GzipScrapeCacheTest, ResultsOutOfTargetOrderAreCompressedWhole) {
  Take(cache_, store_.Take());
  auto swapped = store_.Take();
  std::swap(swapped.results[3], swapped.results[4]);
  std::swap(swapped.versions[3], swapped.versions[4]);
  const Scrape scrape = Take(cache_, swapped);
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_FALSE(scrape.stats.from_cache);
  // And the cache is as it was for the next one.
  EXPECT_EQ(Take(cache_, store_.Take()).stats.runs_compressed, 0u);
}

TEST_F(GzipScrapeCacheTest, TheExportersOwnCountersAreRenderedEveryScrape) {
  Take(cache_, store_.Take());
  metrics::ExporterState state = metrics::testdata::SampleState();
  state.skipped_runs = {{TargetName(3), 7}};
  state.probe_errors = {{TargetName(4), 2}};
  store_.Put(Result(5));  // counts a probe: a counter of the store, not of the result
  const Scrape scrape = Take(cache_, store_.Take(), state);
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_NE(scrape.text.find("lyncdiscover_exporter_probe_runs_skipped_total{target=\"t0003\"} 7\n"),
            std::string::npos);
  EXPECT_EQ(scrape.stats.runs_compressed, 0u);
}

TEST_F(GzipScrapeCacheTest, AnotherVantageMakesEveryPieceAgain) {
  Take(cache_, store_.Take());
  metrics::ExporterState state = metrics::testdata::SampleState();
  state.vantage = "branch-office";
  const Scrape scrape = Take(cache_, store_.Take(), state);
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_NE(scrape.text.find("vantage=\"branch-office\""), std::string::npos);
  EXPECT_EQ(scrape.stats.runs_compressed, scrape.stats.runs);
}

// A reader that goes away after a few writes: the scrape ends with its
// exception, and the cache it updated serves the next one.
class FailingSink final : public ByteSink {
 public:
  void Write(std::string_view) override {
    if (++writes_ > 2) throw std::runtime_error("reader went away");
  }

 private:
  int writes_ = 0;
};

TEST_F(GzipScrapeCacheTest, AReaderThatGoesAwayLeavesTheCacheWhole) {
  FailingSink failing;
  EXPECT_THROW(cache_.Write(store_.Take(), metrics::testdata::SampleState(), failing), std::runtime_error);
  const Scrape scrape = Take(cache_, store_.Take());
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_EQ(scrape.stats.runs_compressed, 0u);
}

// Two scrapers at once (a pair of Prometheus servers) while probes finish:
// each answer is its own snapshot's text. Bounded: 20 scrapes a thread.
TEST_F(GzipScrapeCacheTest, ScrapesAtTheSameTimeEachGetTheirOwnSnapshot) {
  constexpr int kScrapes = 20;
  std::atomic<int> wrong{0};
  auto scraper = [&] {
    for (int i = 0; i < kScrapes; ++i) {
      const Scrape scrape = Take(cache_, store_.Take());
      if (scrape.text != scrape.expected) ++wrong;
    }
  };
  std::thread a(scraper), b(scraper);
  for (int i = 0; i < kScrapes * 5; ++i) {
    store_.Put(Result(i % kTargets, std::chrono::milliseconds(1000 + i)));
    if (i % 7 == 0) {  // now and then a finding changes too
      auto changed = std::make_shared<model::ProbeResult>(*Result(i % kTargets));
      changed->success = !changed->success;
      store_.Put(changed);
    }
  }
  a.join();
  b.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(GzipScrapeCacheEdgeTest, SnapshotsThatCannotBeSplitAreCompressedWhole) {
  GzipScrapeCache cache;
  // Repeats a target, holds a null result and has no versions.
  const auto edge = metrics::testdata::EdgeCaseSnapshot();
  const Scrape scrape = Take(cache, edge, metrics::testdata::EdgeCaseState());  // plain too
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_FALSE(scrape.stats.from_cache);
}

TEST(GzipScrapeCacheEdgeTest, HostileAndUnversionedSnapshotsStayExact) {
  GzipScrapeCache cache(/*run_endpoints=*/1);
  auto hostile = metrics::testdata::HostileSnapshot();  // no versions
  std::sort(hostile.results.begin(), hostile.results.end(),
            [](const auto& a, const auto& b) { return a->target < b->target; });
  for (int round = 0; round < 2; ++round) {
    const Scrape scrape = Take(cache, hostile);
    EXPECT_EQ(scrape.text, scrape.expected);
    EXPECT_TRUE(scrape.stats.from_cache);
    // Without versions every result is rendered to be compared; equal
    // texts keep their pieces.
    EXPECT_EQ(scrape.stats.runs_compressed, round == 0 ? scrape.stats.runs : 0u);
  }
}

TEST(GzipScrapeCacheEdgeTest, AnEmptySnapshotIsAnEmptyExpositionOfTheExporter) {
  GzipScrapeCache cache;
  const Scrape scrape = Take(cache, results::ResultStore::Snapshot{});
  EXPECT_EQ(scrape.text, scrape.expected);
  EXPECT_EQ(scrape.stats.runs, 0u);
}

}  // namespace
}  // namespace lde::scrape
