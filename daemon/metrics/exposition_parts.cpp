#include "metrics/exposition_parts.h"

#include <limits>

#include "metrics/emit_families.h"
#include "metrics/render_parts.h"
#include "metrics/text_format.h"
#include "metrics/text_writer.h"

namespace lde::metrics {
namespace {

// Appends to whichever string it points at: one writer fills one text per
// family.
class SwitchedSink final : public ByteSink {
 public:
  void Write(std::string_view bytes) override { to->append(bytes); }
  std::string* to = nullptr;
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

void ExpositionParts::RenderKept(std::size_t begin, std::size_t end, std::vector<std::string>& texts) const {
  const Snapshot some(impl_->whole.results.subspan(begin, end - begin), impl_->whole.counts);
  texts.resize(kept_.size());
  SwitchedSink sink;
  // Flushes at every target and at the end of every family, so each text
  // holds its family's samples alone.
  TextWriter writer(sink, /*flush_bytes=*/0);
  VantageLabel labelled(writer, impl_->state.vantage);
  for (std::size_t k = 0; k < kept_.size(); ++k) {
    const FamilySpec& family = impl_->families[kept_[k]];
    std::string& text = texts[k];
    text.clear();
    sink.to = &text;
    writer.BeginFamily(*family.def);
    family.emit(some, impl_->state, labelled);
    writer.EndFamily();
    // The header came out with the first sample; an empty family wrote none.
    if (!text.empty()) text.erase(0, FamilyHeaderSize(*family.def));
  }
}

}  // namespace lde::metrics
