#pragma once

// Internal to lde_metrics: how a render hands families to a text writer
// (or sizer), shared by RenderText, StreamText and ExpositionParts.

#include <span>
#include <string_view>
#include <vector>

#include "metrics/render_parts.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// Appends vantage="NAME" to every sample on its way to `inner`, when the
// instance has a vantage: one place, so no family can miss it. Last, so the
// first label (the target, which TextWriter groups by) stays first.
class VantageLabel final : public SeriesSink {
 public:
  VantageLabel(SeriesSink& inner, std::string_view vantage) : inner_(inner), vantage_(vantage) {}

  void Add(std::span<const LabelRef> labels, double value) override {
    if (vantage_.empty()) return inner_.Add(labels, value);
    copy_.assign(labels.begin(), labels.end());
    copy_.push_back({label::kVantage, vantage_});
    inner_.Add(copy_, value);
  }

 private:
  SeriesSink& inner_;
  const std::string_view vantage_;
  std::vector<LabelRef> copy_;
};

// Every family into `sink`, one after the other.
template <typename FamilySink>
void EmitEach(std::span<const FamilySpec> families, const Snapshot& snap, const ExporterState& state,
              FamilySink& sink) {
  VantageLabel labelled(sink, state.vantage);
  for (const FamilySpec& family : families) {
    sink.BeginFamily(*family.def);
    family.emit(snap, state, labelled);
    sink.EndFamily();
  }
}

}  // namespace lde::metrics
