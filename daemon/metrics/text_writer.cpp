#include "metrics/text_writer.h"

#include "metrics/text_format.h"

namespace lde::metrics {

TextWriter::TextWriter(std::string& out) : out_(out) {}

void TextWriter::BeginFamily(const MetricDef& def) {
  name_ = def.name;
  family_start_ = out_.size();
  samples_ = 0;
  seen_.Clear();
  AppendFamilyHeader(out_, def);
}

void TextWriter::Add(std::span<const LabelRef> labels, double value) {
  const std::size_t line_start = out_.size();
  AppendSeriesKey(out_, name_, labels);
  if (!seen_.Insert(out_, line_start, out_.size() - line_start)) {
    out_.resize(line_start);  // first wins, as in FamilySet
    return;
  }
  out_.push_back(' ');
  AppendSampleValue(out_, value);
  out_.push_back('\n');
  ++samples_;
}

void TextWriter::EndFamily() {
  if (samples_ == 0) out_.resize(family_start_);
  seen_.Clear();
  name_ = {};
}

}  // namespace lde::metrics
