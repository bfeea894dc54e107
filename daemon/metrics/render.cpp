#include "metrics/render.h"

#include <algorithm>

#include "metrics/emit_families.h"
#include "metrics/family_set.h"
#include "metrics/label_values.h"
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

// Passes every label value through BoundLabelValue on its way to `inner`,
// so no emitter can forget it: remote peers choose hrefs, subjects, schemes
// and host names. Values that need no change are passed on as they are.
// RenderText needs no such step: AppendLabelValue bounds as it writes.
class BoundedLabels final : public SeriesSink {
 public:
  explicit BoundedLabels(SeriesSink& inner) : inner_(inner) {}

  void Add(std::span<const LabelRef> labels, double value) override {
    if (scratch_.size() < labels.size()) scratch_.resize(labels.size());
    bool changed = false;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::string_view bounded = BoundLabelValue(labels[i].value, scratch_[i]);
      if (bounded.data() == labels[i].value.data()) continue;  // returned as is
      if (!changed) copy_.assign(labels.begin(), labels.end());
      changed = true;
      copy_[i].value = bounded;
    }
    inner_.Add(changed ? std::span<const LabelRef>(copy_) : labels, value);
  }

 private:
  SeriesSink& inner_;
  std::vector<LabelRef> copy_;
  std::vector<std::string> scratch_;  // one per label, reused across samples
};

}  // namespace

// Whether every family's samples of one first-label value come one after
// the other, so TextWriter may hold and search one group at a time. True of
// what ResultStore::Take returns (sorted by target, each once) unless
// bounding reorders target names (only names with control characters or
// invalid UTF-8 can); hand-made snapshots may list a target twice. The
// exporter's per-target counters come from maps; the HTTP request counters
// must be sorted by handler.
bool GroupsAreContiguous(const Snapshot& snap, const ExporterState& state) {
  std::string prev_scratch, scratch;
  std::string_view prev;
  bool first = true;
  for (const auto& result : snap.results) {
    if (!result) continue;
    const std::string_view bounded = BoundLabelValue(result->target, scratch);
    if (!first && !(prev < bounded)) return false;
    first = false;
    if (bounded.data() == scratch.data()) {
      prev_scratch.swap(scratch);
      prev = prev_scratch;
    } else {
      prev = bounded;
    }
  }
  return !state.http ||
         std::is_sorted(state.http->requests.begin(), state.http->requests.end(),
                        [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
}

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

std::vector<prometheus::MetricFamily> RenderMetrics(const results::ResultStore::Snapshot& store,
                                                    const ExporterState& state) {
  const Snapshot snap(store);
  FamilySet out;
  for (const FamilySpec& family : SortedFamilies()) {
    FamilySetSink sink(out, *family.def);
    BoundedLabels bounded(sink);
    VantageLabel labelled(bounded, state.vantage);
    family.emit(snap, state, labelled);
  }
  return std::move(out).Take();
}

namespace {

void StreamFamilies(const std::vector<FamilySpec>& families, const Snapshot& snap, const ExporterState& state,
                    ByteSink& out) {
  TextWriter writer(out, TextWriter::kDefaultFlushBytes, GroupsAreContiguous(snap, state));
  EmitEach(families, snap, state, writer);
  writer.Finish();
}

std::string WriteText(const std::vector<FamilySpec>& families, const Snapshot& snap,
                      const ExporterState& state) {
  // Size first, so the text is allocated once: growing it by doubling would
  // hold the old and the new buffer at once and copy the old one each time.
  TextSizer sizer;
  EmitEach(families, snap, state, sizer);
  std::string text;
  text.reserve(sizer.bytes());
  StringSink sink(text);
  StreamFamilies(families, snap, state, sink);
  return text;
}

std::vector<FamilySpec> ResultFamilies() {
  std::vector<FamilySpec> exporter;
  AddExporterFamilies(exporter);
  std::vector<FamilySpec> families = SortedFamilies();
  std::erase_if(families, [&](const FamilySpec& family) {
    return std::any_of(exporter.begin(), exporter.end(),
                       [&](const FamilySpec& e) { return e.def == family.def; });
  });
  return families;
}

}  // namespace

std::string RenderText(const results::ResultStore::Snapshot& store, const ExporterState& state) {
  return WriteText(SortedFamilies(), Snapshot(store), state);
}

void StreamText(const results::ResultStore::Snapshot& store, const ExporterState& state, ByteSink& out) {
  StreamFamilies(SortedFamilies(), Snapshot(store), state, out);
}

std::string RenderResultsText(const results::ResultStore::Snapshot& store, std::string_view vantage) {
  ExporterState state;
  state.vantage = vantage;
  return WriteText(ResultFamilies(), Snapshot(store), state);
}

}  // namespace lde::metrics
