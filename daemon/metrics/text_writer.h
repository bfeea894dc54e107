#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "common/byte_sink.h"
#include "metrics/names.h"
#include "metrics/series_index.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// Writes metric families as exposition text into a ByteSink, one family at
// a time: BeginFamily, Add its samples, EndFamily; Finish at the end. The
// result is what prometheus-cpp's TextSerializer writes for the FamilySet
// holding the same samples, their label values bounded as AppendLabelValue
// bounds them: HELP (when there is one) and TYPE lines, then one line per
// sample in the order added; a sample whose label set the family already
// has is dropped (first wins); a family without samples leaves no text.
// Counter, gauge and untyped families only (one value per sample).
//
// Memory: the text is handed to `out` in pieces of about `flush_bytes`, so
// what the writer holds does not grow with the number of targets. A piece
// ends only where the first label's value changes (a new *group*: for every
// snapshot family, a new target), and duplicates are looked for within the
// group only. That is exact because the emitters walk the snapshot sorted by
// target, so within a family the samples of one first-label value are
// contiguous (values that bounding makes equal share their first 1 KB, so
// they sort together too); the duplicates bounding can create are always
// within one target. The writer holds at most `flush_bytes` plus one group
// of one family, and the duplicate index of that group.
// Not thread-safe: one per render.
class TextWriter final : public SeriesSink {
 public:
  static constexpr std::size_t kDefaultFlushBytes = 32 * 1024;

  // Grouping by first label needs the emitters' order to keep groups
  // contiguous (see above); with `by_group` false a family is one group:
  // duplicates are found anywhere in it, and it is held whole until its end.
  explicit TextWriter(ByteSink& out, std::size_t flush_bytes = kDefaultFlushBytes, bool by_group = true);
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  void BeginFamily(const MetricDef& def);
  void Add(std::span<const LabelRef> labels, double value) override;
  void EndFamily();
  // Hands what is still buffered to `out`. Call once, after the last family.
  void Finish();

 private:
  // Passes the buffer on once it holds `flush_bytes_`; only between groups
  // of a family that already has a sample, so a family's header is never
  // written for a family that turns out empty.
  void FlushIfFull();

  ByteSink& out_;
  const std::size_t flush_bytes_;
  const bool by_group_;
  std::string buf_;
  std::string_view name_;
  std::size_t family_start_ = 0;  // in buf_, while the family has no sample
  std::size_t samples_ = 0;
  bool in_group_ = false;
  std::string group_;    // the bounded first label value of the current group
  std::string scratch_;  // for BoundLabelValue
  SeriesIndex seen_;     // keys of the current group, offsets into buf_
};

}  // namespace lde::metrics
