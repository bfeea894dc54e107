#include "metrics/text_sizer.h"

#include "metrics/text_format.h"

namespace lde::metrics {

void TextSizer::BeginFamily(const MetricDef& def) {
  name_ = def.name;
  header_ = FamilyHeaderSize(def);
  samples_ = 0;
}

void TextSizer::Add(std::span<const LabelRef> labels, double value) {
  bytes_ += SeriesKeySize(name_, labels) + 1 + SampleValueSize(value) + 1;  // ' ', '\n'
  ++samples_;
}

void TextSizer::EndFamily() {
  if (samples_ > 0) bytes_ += header_;
  name_ = {};
}

}  // namespace lde::metrics
