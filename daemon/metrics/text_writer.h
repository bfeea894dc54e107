#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "metrics/names.h"
#include "metrics/series_index.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// Writes metric families straight into exposition text, one family at a
// time: BeginFamily, Add its samples, EndFamily. The result is what
// prometheus-cpp's TextSerializer writes for the FamilySet holding the same
// samples, their label values bounded as AppendLabelValue bounds them:
// HELP (when there is one) and TYPE lines, then one line per sample in the
// order added; a sample whose label set the family already has is dropped
// (first wins); a family without samples leaves no text at all.
// Counter, gauge and untyped families only (one value per sample).
//
// The only memory it holds besides `out` is the duplicate index of the
// current family (offsets into `out`, sized for the largest family). Not
// thread-safe: one per render.
class TextWriter final : public SeriesSink {
 public:
  explicit TextWriter(std::string& out);
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  void BeginFamily(const MetricDef& def);
  void Add(std::span<const LabelRef> labels, double value) override;
  void EndFamily();

 private:
  std::string& out_;
  std::string_view name_;
  std::size_t family_start_ = 0;
  std::size_t samples_ = 0;
  SeriesIndex seen_;
};

}  // namespace lde::metrics
