#include "metrics/render.h"

#include <algorithm>

#include "metrics/family_set.h"
#include "metrics/render_parts.h"
#include "metrics/text_sizer.h"
#include "metrics/text_writer.h"

namespace lde::metrics {
namespace {

// Feeds one family's samples into a FamilySet, copying the borrowed labels.
class FamilySetSink final : public SeriesSink {
 public:
  FamilySetSink(FamilySet& set, const MetricDef& def) : set_(set), def_(def) {}

  void Add(std::span<const LabelRef> labels, double value) override {
    Labels copy;
    copy.reserve(labels.size());
    for (const LabelRef& label : labels) copy.push_back({std::string(label.name), std::string(label.value)});
    set_.Add(def_, std::move(copy), value);
  }

 private:
  FamilySet& set_;
  const MetricDef& def_;
};

// Every family into `sink`, one after the other.
template <typename FamilySink>
void EmitEach(const std::vector<FamilySpec>& families, const Snapshot& snap, const ExporterState& state,
              FamilySink& sink) {
  for (const FamilySpec& family : families) {
    sink.BeginFamily(*family.def);
    family.emit(snap, state, sink);
    sink.EndFamily();
  }
}

}  // namespace

std::vector<FamilySpec> SortedFamilies() {
  std::vector<FamilySpec> families;
  AddTargetFamilies(families);
  AddEndpointFamilies(families);
  AddChainFamilies(families);
  AddRevocationFamilies(families);
  AddNetworkFamilies(families);
  AddExporterFamilies(families);
  // Byte order of the names, as FamilySet's std::map orders them.
  std::sort(families.begin(), families.end(),
            [](const FamilySpec& a, const FamilySpec& b) { return a.def->name < b.def->name; });
  return families;
}

std::vector<prometheus::MetricFamily> RenderMetrics(const Snapshot& snap, const ExporterState& state) {
  FamilySet out;
  for (const FamilySpec& family : SortedFamilies()) {
    FamilySetSink sink(out, *family.def);
    family.emit(snap, state, sink);
  }
  return std::move(out).Take();
}

std::string RenderText(const Snapshot& snap, const ExporterState& state) {
  const std::vector<FamilySpec> families = SortedFamilies();
  // Size first, so the text is allocated once: growing it by doubling would
  // hold the old and the new buffer at once and copy the old one each time.
  TextSizer sizer;
  EmitEach(families, snap, state, sizer);
  std::string text;
  text.reserve(sizer.bytes());
  TextWriter writer(text);
  EmitEach(families, snap, state, writer);
  return text;
}

}  // namespace lde::metrics
