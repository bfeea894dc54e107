#include "metrics/text_writer.h"

#include "metrics/label_values.h"
#include "metrics/text_format.h"

namespace lde::metrics {

TextWriter::TextWriter(ByteSink& out, std::size_t flush_bytes, bool by_group)
    : out_(out), flush_bytes_(flush_bytes), by_group_(by_group) {}

void TextWriter::BeginFamily(const MetricDef& def) {
  name_ = def.name;
  family_start_ = buf_.size();
  samples_ = 0;
  in_group_ = false;
  seen_.Clear();
  AppendFamilyHeader(buf_, def);
}

void TextWriter::Add(std::span<const LabelRef> labels, double value) {
  std::string_view group;
  if (by_group_ && !labels.empty()) {
    group = labels[0].verbatim ? labels[0].value : BoundLabelValue(labels[0].value, scratch_);
  }
  if (!in_group_ || group != group_) {
    FlushIfFull();
    seen_.Clear();  // a key of another group cannot be equal: its first label differs
    group_.assign(group);
    in_group_ = true;
  }
  const std::size_t line_start = buf_.size();
  AppendSeriesKey(buf_, name_, labels);
  if (!seen_.Insert(buf_, line_start, buf_.size() - line_start)) {
    buf_.resize(line_start);  // first wins, as in FamilySet
    return;
  }
  buf_.push_back(' ');
  AppendSampleValue(buf_, value);
  buf_.push_back('\n');
  ++samples_;
}

void TextWriter::EndFamily() {
  if (samples_ == 0) buf_.resize(family_start_);
  if (buf_.size() >= flush_bytes_) {  // whole families only: safe to pass on
    out_.Write(buf_);
    buf_.clear();
  }
  samples_ = 0;
  seen_.Clear();
  in_group_ = false;
  name_ = {};
}

void TextWriter::Finish() {
  if (!buf_.empty()) out_.Write(buf_);
  buf_.clear();
}

void TextWriter::FlushIfFull() {
  if (samples_ == 0 || buf_.size() < flush_bytes_) return;
  out_.Write(buf_);
  buf_.clear();
  family_start_ = 0;
  seen_.Clear();
}

}  // namespace lde::metrics
