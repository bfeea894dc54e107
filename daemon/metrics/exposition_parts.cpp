#include "metrics/exposition_parts.h"

#include <algorithm>

#include "metrics/emit_families.h"
#include "metrics/render_parts.h"
#include "metrics/text_format.h"
#include "metrics/text_writer.h"

namespace lde::metrics {
namespace {

// Between the families' emitters and a TextWriter that flushes at every
// target (flush_bytes 0): tells the sink below whose samples each flush
// holds. The writer flushes a target's lines when the next target's first
// sample arrives, or at the end of the family; the emitters walk the run's
// results in order, each result's samples under its target's name.
class ResultTracker final : public SeriesSink {
 public:
  ResultTracker(SeriesSink& writer, EndpointTable::Results run, std::size_t first_index)
      : writer_(writer), run_(run), first_index_(first_index) {}

  void BeginFamily() {
    current_ = 0;
    started_ = false;
  }

  void Add(std::span<const LabelRef> labels, double value) override {
    const std::string_view target = labels.empty() ? std::string_view() : labels[0].value;
    if (!started_ || target != run_[current_]->target) {
      owner = first_index_ + current_;  // a flush in this Add holds the last target's lines
      while (current_ + 1 < run_.size() && run_[current_]->target != target) ++current_;
      started_ = true;
    }
    writer_.Add(labels, value);
  }

  // Whose lines the writer's last flush of a family holds.
  void EndFamily() { owner = first_index_ + current_; }

  std::size_t owner = 0;

 private:
  SeriesSink& writer_;
  const EndpointTable::Results run_;
  const std::size_t first_index_;
  std::size_t current_ = 0;
  bool started_ = false;
};

// Hands what the writer flushes to the caller, with its owner.
class OwnedSamplesSink final : public ByteSink {
 public:
  OwnedSamplesSink(const ExpositionParts::SamplesOut& out, const ResultTracker& tracker)
      : out_(out), tracker_(tracker) {}

  void BeginFamily(std::size_t k, std::size_t header_size) {
    k_ = k;
    header_left_ = header_size;
  }

  void Write(std::string_view bytes) override {
    // The header comes out with the family's first samples.
    const std::size_t skip = std::min(header_left_, bytes.size());
    header_left_ -= skip;
    bytes.remove_prefix(skip);
    if (!bytes.empty()) out_(k_, tracker_.owner, bytes);
  }

 private:
  const ExpositionParts::SamplesOut& out_;
  const ResultTracker& tracker_;
  std::size_t k_ = 0;
  std::size_t header_left_ = 0;
};

}  // namespace

struct ExpositionParts::Impl {
  Impl(const results::ResultStore::Snapshot& store, const ExporterState& exporter)
      : whole(store), state(exporter), families(SortedFamilies()) {}

  const Snapshot whole;
  const ExporterState& state;
  const std::vector<FamilySpec> families;
};

ExpositionParts::ExpositionParts(const results::ResultStore::Snapshot& store, const ExporterState& state)
    : impl_(std::make_unique<Impl>(store, state)) {
  for (std::size_t i = 0; i < impl_->families.size(); ++i) {
    if (impl_->families[i].keepable) kept_.push_back(i);
  }
  separable_ = GroupsAreContiguous(impl_->whole, state);
}

ExpositionParts::~ExpositionParts() = default;

std::size_t ExpositionParts::families() const { return impl_->families.size(); }

const MetricDef& ExpositionParts::def(std::size_t family) const { return *impl_->families.at(family).def; }

bool ExpositionParts::keepable(std::size_t family) const { return impl_->families.at(family).keepable; }

std::size_t ExpositionParts::results() const { return impl_->whole.results.size(); }

void ExpositionParts::WriteFamilies(std::size_t first, std::size_t last, ByteSink& out) const {
  const std::span<const FamilySpec> run = std::span(impl_->families).subspan(first, last - first);
  TextWriter writer(out, TextWriter::kDefaultFlushBytes, separable_);
  EmitEach(run, impl_->whole, impl_->state, writer);
  writer.Finish();
}

void ExpositionParts::RenderKept(std::size_t begin, std::size_t end, const SamplesOut& out) const {
  if (begin >= end) return;
  const EndpointTable::Results run = impl_->whole.results.subspan(begin, end - begin);
  const Snapshot some(run, impl_->whole.counts);
  // The sink reads the tracker's owner; the tracker feeds the writer,
  // which writes to the sink.
  struct Chain {
    OwnedSamplesSink sink;
    TextWriter writer;
    ResultTracker tracker;
    VantageLabel labelled;
    Chain(const SamplesOut& out, EndpointTable::Results r, std::size_t first, std::string_view vantage)
        : sink(out, tracker),
          writer(sink, /*flush_bytes=*/0),
          tracker(writer, r, first),
          labelled(tracker, vantage) {}
  };
  Chain chain(out, run, begin, impl_->state.vantage);
  for (std::size_t k = 0; k < kept_.size(); ++k) {
    const FamilySpec& family = impl_->families[kept_[k]];
    chain.sink.BeginFamily(k, FamilyHeaderSize(*family.def));
    chain.tracker.BeginFamily();
    chain.writer.BeginFamily(*family.def);
    family.emit(some, impl_->state, chain.labelled);
    chain.tracker.EndFamily();
    chain.writer.EndFamily();
  }
}

}  // namespace lde::metrics
