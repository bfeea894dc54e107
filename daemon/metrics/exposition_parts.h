#pragma once

// One scrape's exposition text in parts that a cache may keep from one
// scrape to the next (scrape/gzip_scrape_cache.h). Most of the text does not
// change between two probes of a target: certificates, trust and revocation
// verdicts, discovery findings. Those families are "keepable" (each family
// says whether it is): a target's samples of them depend on its result
// alone. The others (durations, run times, the exporter's own counters)
// are rendered whole on every scrape.
//
// The parts put together in the exposition's order are byte for byte
// StreamText's text: WriteFamilies for what is rendered whole, and for each
// keepable family its header (AppendFamilyHeader) followed by its samples,
// rendered a run of results at a time by RenderKept.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_sink.h"
#include "metrics/names.h"
#include "metrics/render.h"

namespace lde::metrics {

class ExpositionParts {
 public:
  // Borrows both for its lifetime. Builds the endpoint table of the whole
  // snapshot, as StreamText does.
  ExpositionParts(const results::ResultStore::Snapshot& store, const ExporterState& state);
  ~ExpositionParts();
  ExpositionParts(const ExpositionParts&) = delete;
  ExpositionParts& operator=(const ExpositionParts&) = delete;

  // False when parts rendered apart could differ from StreamText's text:
  // a target repeated (hand-made snapshots) or target names that bounding
  // puts out of order. Write StreamText instead then.
  bool separable() const { return separable_; }

  // The families in the exposition's order.
  std::size_t families() const;
  const MetricDef& def(std::size_t family) const;
  bool keepable(std::size_t family) const;
  // How many keepable families there are: RenderKept's texts.
  std::size_t kept_families() const { return kept_.size(); }
  // The snapshot's results (those RenderKept takes indices of).
  std::size_t results() const;

  // Families [first, last) whole, headers included, as StreamText writes
  // them, handed to `out` in pieces. An exception from `out` passes through.
  void WriteFamilies(std::size_t first, std::size_t last, ByteSink& out) const;

  // Renders every keepable family over results [begin, end), family after
  // family, and hands each result's samples of each to `out(k, i,
  // samples)`: k the keepable family's rank in the exposition's order, i
  // the result's index in the snapshot, `samples` its lines without the
  // family's header (valid during the call). A result without samples in a
  // family is not handed. Concatenated in call order per family, the
  // samples are the family's text for the run, as StreamText writes it.
  using SamplesOut = std::function<void(std::size_t k, std::size_t i, std::string_view samples)>;
  void RenderKept(std::size_t begin, std::size_t end, const SamplesOut& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<std::size_t> kept_;  // family indices of the keepable families
  bool separable_ = false;
};

}  // namespace lde::metrics
