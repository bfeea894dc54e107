#include "scrape/gzip_scrape_cache.h"

#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "http/gzip_pieces.h"
#include "metrics/exposition_parts.h"
#include "metrics/text_format.h"
#include "ossl/digest.h"
#include "scrape/mapped_bytes.h"

namespace lde::scrape {
namespace {

// Indices of entries and names are 32 bits: a cache entry is 32 bytes.
using Index = std::uint32_t;
constexpr Index kNone = std::numeric_limits<Index>::max();

using Names = results::ProbeCounts::Names;

// A run never grows past this many times the average weight, whatever the
// names hash to: a run made again costs its whole text.
constexpr std::size_t kLongestRunFactor = 4;

// Text rendered for a run's piece is handed to the deflater this much at a
// time: large enough that the engine's cost per call does not count.
constexpr std::size_t kTextChunk = 32 * 1024;

// A result's share of a run: its endpoints (a Lync deployment has a dozen
// or more, each with its chain), at least one. Runs are cut by weight, so
// a run of deployments holds about as much text as a run of plain
// targets.
std::size_t Weight(const model::ProbeResult& result) {
  return std::max<std::size_t>(result.endpoints.size(), 1);
}

// A truncated SHA-256: 128 bits tell texts apart as well here, at half the
// memory per target.
using Digest = std::array<std::uint8_t, 16>;

}  // namespace

// What the last cached scrape saw of one name of names_, at its index.
struct GzipScrapeCache::Entry {
  std::uint64_t version = 0;
  // Of the keepable text of the result it was made from.
  Digest digest{};
  // The name had a result in the last cached scrape. With it, a run of the
  // same first and last name and as many results has exactly the targets
  // of the last scrape's run (Refresh).
  bool present = false;
  bool versioned = false;
  bool digest_known = false;
};

namespace {

// The list of names the cache's entries follow, and each result's index
// in it (`name_of`): the snapshot's own list when it holds every result's
// target (ResultStore::Take's snapshots do: the list is shared with the
// store, so the cache copies no name), else a list made of the results'
// targets. Null when the results are not sorted by target, each once, as
// ResultStore::Take gives them: such a snapshot is compressed whole.
std::shared_ptr<const Names> ListNames(const results::ResultStore::Snapshot& store,
                                       std::vector<Index>& name_of) {
  const std::size_t n = store.results.size();
  name_of.assign(n, 0);
  for (std::size_t i = 1; i < n; ++i) {
    if (!(store.results[i - 1]->target < store.results[i]->target)) return nullptr;
  }
  const std::shared_ptr<const Names>& listed = store.counts.names();
  if (listed && listed->size() < kNone) {
    std::size_t j = 0;
    bool all = true;
    for (std::size_t i = 0; all && i < n; ++i) {
      const std::string& target = store.results[i]->target;
      while (j < listed->size() && (*listed)[j] < target) ++j;
      all = j < listed->size() && (*listed)[j] == target;
      name_of[i] = static_cast<Index>(j);
    }
    if (all) return listed;
  }
  auto own = std::make_shared<Names>();
  own->reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    name_of[i] = static_cast<Index>(i);
    own->push_back(store.results[i]->target);
  }
  return own;
}

}  // namespace

// A run's pieces, one per keepable family in the exposition's order, in
// one block of pages of its own (mapped_bytes.h): runs are made anew
// wholesale while results arrive, and their blocks kept in the arena left
// it fragmented.
struct GzipScrapeCache::RunPieces {
  struct Slot {
    std::uint32_t begin = 0, size = 0;  // in bytes
    http::PieceSum sum;
  };
  MappedBytes bytes;
  std::vector<Slot> slots;

  std::string_view Bytes(const Slot& slot) const { return bytes.view().substr(slot.begin, slot.size); }
};

struct GzipScrapeCache::Run {
  Index first = 0, last = 0;  // its first and last result's names, in names_
  Index count = 0;            // results; 0 for a run that can no longer be taken
  // Shared with the scrapes writing them, so a slow reader never holds the
  // cache.
  std::shared_ptr<const RunPieces> pieces;
};

// What one cached scrape renders: results alone, to compare them with what
// their last results rendered, and the runs it makes anew.
struct GzipScrapeCache::Update {
  Update(const metrics::ExpositionParts& parts_in, ScrapeCacheStats& stats_in)
      : parts(parts_in), stats(stats_in) {}

  // Renders the keepable text of result `i` alone, for its digest.
  void RenderAlone(std::size_t i, Entry& entry) {
    ossl::Sha256 sha;
    parts.RenderKept(i, i + 1,
                     [&](std::size_t k, std::size_t, std::string_view samples) { Digest(sha, k, samples); });
    ++stats.results_rendered;
    Finish(sha, entry);
  }

  // Renders every keepable family of results [begin, end) and compresses
  // each into `pieces`; the results' digests come from the same render
  // (result i's to entries[name_of[i]]). Holds at most kTextChunk of text:
  // a family of a run of deployments is a few hundred KB, held by the
  // scrapes that make every run anew (the first minute), when the daemon's
  // memory peaks.
  void RenderRun(std::size_t begin, std::size_t end, const std::vector<Index>& name_of,
                 std::vector<Entry>& entries, http::GzipPieceDeflater& deflater, RunPieces& pieces) {
    std::vector<std::unique_ptr<ossl::Sha256>> shas;
    shas.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) shas.push_back(std::make_unique<ossl::Sha256>());
    run_bytes.clear();
    family_text.clear();
    pieces.slots.assign(parts.kept_families(), {});
    std::size_t next = 0;         // the family being compressed
    std::size_t piece_begin = 0;  // where its piece begins in run_bytes
    auto end_families_before = [&](std::size_t k) {
      for (; next < k; ++next) {
        deflater.Add(family_text, run_bytes);
        family_text.clear();
        RunPieces::Slot& slot = pieces.slots[next];
        slot.sum = deflater.End(run_bytes);
        slot.begin = static_cast<std::uint32_t>(piece_begin);
        slot.size = static_cast<std::uint32_t>(run_bytes.size() - piece_begin);
        piece_begin = run_bytes.size();
      }
    };
    parts.RenderKept(begin, end, [&](std::size_t k, std::size_t i, std::string_view samples) {
      end_families_before(k);
      family_text += samples;
      Digest(*shas[i - begin], k, samples);
      if (family_text.size() >= kTextChunk) {
        deflater.Add(family_text, run_bytes);
        family_text.clear();
      }
    });
    end_families_before(parts.kept_families());
    pieces.bytes = MappedBytes(run_bytes);
    stats.results_rendered += end - begin;
    for (std::size_t i = begin; i < end; ++i) Finish(*shas[i - begin], entries[name_of[i]]);
  }

  // A result's digest: each of its families' samples with the family's
  // rank and their length, so no family's text can pass for another's.
  static void Digest(ossl::Sha256& sha, std::size_t k, std::string_view samples) {
    const std::uint64_t frame[2] = {k, samples.size()};
    sha.Update(frame, sizeof frame).Update(samples);
  }

  // `digest_known` false when OpenSSL failed: the entry then never matches.
  static void Finish(ossl::Sha256& sha, Entry& entry) {
    const auto digest = sha.Final();
    entry.digest_known = digest.has_value();
    if (digest) std::copy_n(digest->begin(), entry.digest.size(), entry.digest.begin());
  }

  const metrics::ExpositionParts& parts;
  ScrapeCacheStats& stats;
  std::string family_text;  // up to kTextChunk of a family's text, reused
  std::string run_bytes;    // a run's pieces as they are made, reused
};

GzipScrapeCache::GzipScrapeCache(std::size_t run_endpoints, http::GzipEngine engine)
    : run_endpoints_(std::max<std::size_t>(run_endpoints, 1)), engine_(engine) {}

GzipScrapeCache::~GzipScrapeCache() = default;

void GzipScrapeCache::Forget() {
  entries_.clear();
  names_.reset();
  runs_.clear();
}

void GzipScrapeCache::Follow(std::shared_ptr<const Names> names) {
  // Both lists are sorted: one merge finds the names they share.
  std::vector<Entry> moved(names->size());
  std::vector<Index> new_of_old(entries_.size(), kNone);
  for (std::size_t o = 0, j = 0; o < entries_.size() && j < names->size();) {
    const int order = (*names_)[o].compare((*names)[j]);
    if (order == 0) {
      new_of_old[o] = static_cast<Index>(j);
      moved[j++] = entries_[o++];
    } else if (order < 0) {
      ++o;
    } else {
      ++j;
    }
  }
  for (Run& run : runs_) {
    if (run.count == 0) continue;
    run.first = new_of_old[run.first];
    run.last = new_of_old[run.last];
    if (run.first == kNone || run.last == kNone) {  // a target of its ends is gone
      run.count = 0;
      run.pieces.reset();
    }
  }
  entries_ = std::move(moved);
  names_ = std::move(names);
}

void GzipScrapeCache::Refresh(const metrics::ExpositionParts& parts,
                              const results::ResultStore::Snapshot& store,
                              const std::shared_ptr<const Names>& names, const std::vector<Index>& name_of,
                              std::optional<http::GzipPieceDeflater>& deflater, ScrapeCacheStats& stats) {
  static_assert(sizeof(Entry) <= 32, "an entry per target: keep it small");
  const std::size_t n = parts.results();
  const bool versioned = store.versions.size() == n;
  // A store's snapshots share one list of names until its targets change
  // (a reload): then the entries are updated where they lie, and no
  // scrape, not even those of the first minute that make every run anew,
  // holds a second set of them.
  if (names != names_) Follow(names);
  // The entry of result i now stands for that result.
  const auto stamp = [&](Entry& entry, std::size_t i) {
    entry.versioned = versioned;
    entry.version = versioned ? store.versions[i] : 0;
  };

  Update update(parts, stats);
  std::vector<Run> runs;
  std::size_t old_r = 0;  // the first old run the walk has not passed
  std::size_t begin = 0;
  while (begin < n) {
    // The run: up to the next target whose name hash starts one, each
    // target as likely to as it is heavy (content-defined: the cuts depend
    // on the names and weights alone, the cap aside).
    std::size_t end = begin + 1;
    std::size_t weight = Weight(*store.results[begin]);
    while (end < n && weight < kLongestRunFactor * run_endpoints_) {
      const std::size_t w = Weight(*store.results[end]);
      if (std::hash<std::string_view>{}(store.results[end]->target) % run_endpoints_ < w) break;
      weight += w;
      ++end;
    }
    const Index first = name_of[begin], last = name_of[end - 1];
    // Old runs are in name order: one that begins before this one can no
    // longer be taken, and is let go as the walk passes it, so a scrape
    // that makes every run anew holds the old and new pieces of one run at
    // a time, not of all.
    while (old_r < runs_.size() && (runs_[old_r].count == 0 || runs_[old_r].first < first))
      runs_[old_r++].pieces.reset();
    Run* old = old_r < runs_.size() && runs_[old_r].first == first ? &runs_[old_r] : nullptr;
    // Kept when the last scrape had a run of exactly these targets: the
    // same first and last, as many, each present then (so no other
    // between); and each has the same result or one whose text is the same.
    bool keep = old != nullptr && old->last == last && old->count == end - begin;
    for (std::size_t i = begin; keep && i < end; ++i) {
      Entry& entry = entries_[name_of[i]];
      if (!entry.present) {
        keep = false;
        break;
      }
      if (versioned && entry.versioned && entry.version == store.versions[i]) continue;
      Entry rendered;
      update.RenderAlone(i, rendered);
      keep = rendered.digest_known && entry.digest_known && rendered.digest == entry.digest;
      stamp(entry, i);
    }
    Run run{first, last, static_cast<Index>(end - begin), nullptr};
    if (keep) {
      run.pieces = std::move(old->pieces);
      ++old_r;
    } else {
      if (old != nullptr) old->pieces.reset();  // no later run begins with its name
      auto pieces = std::make_shared<RunPieces>();
      // Made when first needed: most scrapes compress no run, and the
      // engine's state is a few hundred KiB.
      if (!deflater) deflater.emplace(engine_);
      update.RenderRun(begin, end, name_of, entries_, *deflater, *pieces);
      for (std::size_t i = begin; i < end; ++i) {
        Entry& entry = entries_[name_of[i]];
        entry.present = true;
        stamp(entry, i);
      }
      run.pieces = std::move(pieces);
      ++stats.runs_compressed;
    }
    runs.push_back(std::move(run));
    begin = end;
  }
  // A name without a result now is not present: see Entry::present.
  for (std::size_t j = 0, i = 0; j < entries_.size(); ++j) {
    while (i < n && name_of[i] < j) ++i;
    if (i == n || name_of[i] != j) entries_[j].present = false;
  }
  runs_ = std::move(runs);
}

namespace {

// Where an answer goes: text as it is rendered, and the kept pieces.
class AnswerSink : public ByteSink {
 public:
  virtual void WritePiece(std::string_view bytes, http::PieceSum sum) = 0;
  virtual void Finish() = 0;
};

// One gzip member: the text compressed as it comes, the pieces as they are.
class GzipAnswer final : public AnswerSink {
 public:
  GzipAnswer(ByteSink& out, http::GzipPieceDeflater& deflater) : writer_(out, deflater) {}
  void Write(std::string_view text) override { writer_.Write(text); }
  void WritePiece(std::string_view bytes, http::PieceSum sum) override { writer_.WritePiece(bytes, sum); }
  void Finish() override { writer_.Finish(); }

 private:
  http::GzipMemberWriter writer_;
};

// Plain text: the pieces inflated.
class TextAnswer final : public AnswerSink {
 public:
  explicit TextAnswer(ByteSink& out) : out_(out) {}
  void Write(std::string_view text) override { out_.Write(text); }
  void WritePiece(std::string_view bytes, http::PieceSum sum) override {
    inflater_.Inflate(bytes, sum, out_);
  }
  void Finish() override {}

 private:
  ByteSink& out_;
  http::PieceInflater inflater_;
};

}  // namespace

ScrapeCacheStats GzipScrapeCache::Write(const results::ResultStore::Snapshot& store,
                                        const metrics::ExporterState& state, ByteSink& out) {
  return Answer(store, state, out, /*gzip=*/true);
}

ScrapeCacheStats GzipScrapeCache::WriteText(const results::ResultStore::Snapshot& store,
                                            const metrics::ExporterState& state, ByteSink& out) {
  return Answer(store, state, out, /*gzip=*/false);
}

ScrapeCacheStats GzipScrapeCache::Answer(const results::ResultStore::Snapshot& store,
                                         const metrics::ExporterState& state, ByteSink& out, bool gzip) {
  ScrapeCacheStats stats;
  const metrics::ExpositionParts parts(store, state);
  const bool no_null = std::none_of(store.results.begin(), store.results.end(),
                                    [](const auto& result) { return result == nullptr; });
  std::vector<Index> name_of;  // each result's name in `names`
  std::shared_ptr<const Names> names;
  if (parts.separable() && no_null && store.results.size() < kNone) names = ListNames(store, name_of);
  if (!names) {
    if (!gzip) {
      parts.WriteFamilies(0, parts.families(), out);
      return stats;
    }
    http::GzipSink zip(out, engine_);
    parts.WriteFamilies(0, parts.families(), zip);
    zip.Finish();
    return stats;
  }
  // Held while the cache is brought up to date (rendering and compressing
  // what changed), never while writing: a second scrape at the same time
  // (two Prometheus servers) waits that long, then shares the pieces.
  std::unique_lock<std::mutex> lock(mutex_);
  if (state.vantage != vantage_) {  // every kept line carries it
    Forget();
    vantage_ = state.vantage;
  }
  // One engine for the pieces this scrape makes and for its own text.
  std::optional<http::GzipPieceDeflater> deflater;
  stats.names_copied = names != store.counts.names();
  try {
    Refresh(parts, store, names, name_of, deflater, stats);
  } catch (...) {
    Forget();  // half made: let the next scrape start afresh
    throw;
  }
  stats.from_cache = true;
  stats.runs = runs_.size();
  std::vector<std::shared_ptr<const RunPieces>> pieces;
  pieces.reserve(runs_.size());
  for (const Run& run : runs_) {
    pieces.push_back(run.pieces);
    stats.piece_bytes += run.pieces->bytes.size();
  }
  lock.unlock();

  std::optional<GzipAnswer> zipped;
  std::optional<TextAnswer> plain;
  if (gzip) {
    if (!deflater) deflater.emplace(engine_);
    zipped.emplace(out, *deflater);
  } else {
    deflater.reset();  // not needed past here
    plain.emplace(out);
  }
  AnswerSink& answer = gzip ? static_cast<AnswerSink&>(*zipped) : *plain;
  // The exposition in order: the families rendered whole, as they come;
  // each keepable family's header, then its pieces.
  std::size_t kept = 0;
  for (std::size_t f = 0; f < parts.families();) {
    if (!parts.keepable(f)) {
      std::size_t last = f;
      while (last < parts.families() && !parts.keepable(last)) ++last;
      parts.WriteFamilies(f, last, answer);
      f = last;
      continue;
    }
    const bool any = std::any_of(pieces.begin(), pieces.end(),
                                 [&](const auto& run) { return run->slots[kept].sum.size > 0; });
    if (any) {
      std::string header;
      metrics::AppendFamilyHeader(header, parts.def(f));
      answer.Write(header);
      for (const auto& run : pieces) answer.WritePiece(run->Bytes(run->slots[kept]), run->slots[kept].sum);
    }
    ++kept;
    ++f;
  }
  answer.Finish();
  return stats;
}

}  // namespace lde::scrape
