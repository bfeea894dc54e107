#include "scrape/gzip_scrape_cache.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <string_view>

#include "metrics/exposition_parts.h"
#include "metrics/text_format.h"

namespace lde::scrape {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// A run never grows past this many times the average, whatever the names
// hash to: a run made again costs its whole text.
constexpr std::size_t kLongestRunFactor = 4;

using Pieces = std::vector<http::DeflatedPiece>;

}  // namespace

struct GzipScrapeCache::Entry {
  std::string target;
  std::uint64_t version = 0;
  bool versioned = false;
  // SHA-256 of the keepable text of the result it was made from.
  ossl::Sha256Digest digest{};
  bool digest_known = false;
};

struct GzipScrapeCache::Run {
  std::size_t begin = 0, end = 0;  // indices of entries
  // One piece per keepable family, in the exposition's order. Shared with
  // the scrapes writing them, so a slow reader never holds the cache.
  std::shared_ptr<const Pieces> pieces;
};

// One cached scrape's update of the cache: the new entries and runs, made
// from the new snapshot and what the cache held.
struct GzipScrapeCache::Update {
  Update(const metrics::ExpositionParts& parts_in, const results::ResultStore::Snapshot& store_in,
         ScrapeCacheStats& stats_in)
      : parts(parts_in), store(store_in), stats(stats_in) {}

  // The keepable text of result `i` rendered alone, into texts, and its
  // digest (length-prefixed texts, so no family's text can pass for
  // another's); `digest_known` false when OpenSSL failed.
  void RenderAlone(std::size_t i, Entry& entry) {
    parts.RenderKept(i, i + 1, texts);
    ++stats.results_rendered;
    ossl::Sha256 sha;
    for (const std::string& text : texts) {
      const std::uint64_t size = text.size();
      sha.Update(&size, sizeof size).Update(text);
    }
    const auto digest = sha.Final();
    entry.digest_known = digest.has_value();
    if (digest) entry.digest = *digest;
  }

  const metrics::ExpositionParts& parts;
  const results::ResultStore::Snapshot& store;
  ScrapeCacheStats& stats;
  std::vector<std::string> texts;      // RenderAlone's, reused
  std::vector<std::string> run_texts;  // a run's, per keepable family, reused
};

GzipScrapeCache::GzipScrapeCache(std::size_t run_targets, http::GzipEngine engine)
    : run_targets_(std::max<std::size_t>(run_targets, 1)), engine_(engine), deflater_(engine) {}

GzipScrapeCache::~GzipScrapeCache() = default;

ScrapeCacheStats GzipScrapeCache::Write(const results::ResultStore::Snapshot& store,
                                        const metrics::ExporterState& state, ByteSink& out) {
  ScrapeCacheStats stats;
  const metrics::ExpositionParts parts(store, state);
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  const bool no_null = std::none_of(store.results.begin(), store.results.end(),
                                    [](const auto& result) { return result == nullptr; });
  if (!lock.owns_lock() || !parts.separable() || !no_null) {
    if (lock.owns_lock()) lock.unlock();
    http::GzipSink zip(out, engine_);
    parts.WriteFamilies(0, parts.families(), zip);
    zip.Finish();
    return stats;
  }
  if (state.vantage != vantage_) {  // every kept line carries it
    entries_.clear();
    runs_.clear();
    vantage_ = state.vantage;
  }

  const std::size_t n = parts.results();
  const bool versioned = store.versions.size() == n;
  // Each result's entry of the last scrape, if its target had one: both
  // lists are sorted by target.
  std::vector<std::size_t> old_of(n, kNone);
  for (std::size_t i = 0, o = 0; i < n && o < entries_.size();) {
    const int order = entries_[o].target.compare(store.results[i]->target);
    if (order == 0)
      old_of[i++] = o++;
    else if (order < 0)
      ++o;
    else
      ++i;
  }
  std::vector<std::size_t> run_at(entries_.size(), kNone);  // old run starting at an entry
  for (std::size_t r = 0; r < runs_.size(); ++r) run_at[runs_[r].begin] = r;

  Update update(parts, store, stats);
  std::vector<Entry> entries(n);
  std::vector<Run> runs;
  for (std::size_t i = 0; i < n; ++i) {
    entries[i].target = store.results[i]->target;
    entries[i].versioned = versioned;
    if (versioned) entries[i].version = store.versions[i];
  }

  std::size_t begin = 0;
  while (begin < n) {
    // The run: up to the next target whose name hash starts one.
    std::size_t end = begin + 1;
    while (end < n && end - begin < kLongestRunFactor * run_targets_ &&
           std::hash<std::string_view>{}(store.results[end]->target) % run_targets_ != 0) {
      ++end;
    }
    // Kept when the last scrape had a run of exactly these targets, and
    // each has the same result or one whose text is the same.
    const std::size_t old_begin = old_of[begin];
    const std::size_t old_run = old_begin == kNone ? kNone : run_at[old_begin];
    bool keep = old_run != kNone && runs_[old_run].end - runs_[old_run].begin == end - begin;
    for (std::size_t i = begin; keep && i < end; ++i) {
      if (old_of[i] != old_begin + (i - begin)) {
        keep = false;
        break;
      }
      const Entry& old = entries_[old_of[i]];
      if (versioned && old.versioned && old.version == entries[i].version) {
        entries[i].digest = old.digest;
        entries[i].digest_known = old.digest_known;
        continue;
      }
      update.RenderAlone(i, entries[i]);
      keep = entries[i].digest_known && old.digest_known && entries[i].digest == old.digest;
    }
    Run run{begin, end, nullptr};
    if (keep) {
      run.pieces = runs_[old_run].pieces;
    } else {
      update.run_texts.assign(parts.kept_families(), std::string());
      for (std::size_t i = begin; i < end; ++i) {
        update.RenderAlone(i, entries[i]);
        for (std::size_t k = 0; k < update.texts.size(); ++k) update.run_texts[k] += update.texts[k];
      }
      auto pieces = std::make_shared<Pieces>();
      pieces->reserve(update.run_texts.size());
      for (const std::string& text : update.run_texts) pieces->push_back(deflater_.Deflate(text));
      run.pieces = std::move(pieces);
      ++stats.runs_compressed;
    }
    runs.push_back(std::move(run));
    begin = end;
  }
  entries_ = std::move(entries);
  runs_ = std::move(runs);
  stats.from_cache = true;
  stats.runs = runs_.size();
  std::vector<std::shared_ptr<const Pieces>> pieces;
  pieces.reserve(runs_.size());
  for (const Run& run : runs_) {
    pieces.push_back(run.pieces);
    for (const http::DeflatedPiece& piece : *run.pieces) stats.piece_bytes += piece.bytes.size();
  }
  lock.unlock();

  // The exposition in order: the families rendered whole, compressed as
  // they come; each keepable family's header, then its pieces.
  http::GzipPieceDeflater text_deflater(engine_);
  http::GzipMemberWriter writer(out, text_deflater);
  std::size_t kept = 0;
  for (std::size_t f = 0; f < parts.families();) {
    if (!parts.keepable(f)) {
      std::size_t last = f;
      while (last < parts.families() && !parts.keepable(last)) ++last;
      parts.WriteFamilies(f, last, writer);
      f = last;
      continue;
    }
    const bool any =
        std::any_of(pieces.begin(), pieces.end(), [&](const auto& run) { return (*run)[kept].size > 0; });
    if (any) {
      std::string header;
      metrics::AppendFamilyHeader(header, parts.def(f));
      writer.Write(header);
      for (const auto& run : pieces) writer.WritePiece((*run)[kept]);
    }
    ++kept;
    ++f;
  }
  writer.Finish();
  return stats;
}

}  // namespace lde::scrape
