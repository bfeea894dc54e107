#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "metrics/names.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// Counts the bytes a TextWriter fed the same calls would write, without
// writing them, so RenderText can allocate its text once: growing a string
// by doubling holds the old and the new buffer at once and copies the old.
// Duplicate series are counted too (the sizer keeps no index), so the count
// is exact when there are none and an upper bound otherwise.
class TextSizer final : public SeriesSink {
 public:
  void BeginFamily(const MetricDef& def);
  void Add(std::span<const LabelRef> labels, double value) override;
  void EndFamily();

  std::size_t bytes() const { return bytes_; }

 private:
  std::string_view name_;
  std::size_t header_ = 0;
  std::size_t samples_ = 0;
  std::size_t bytes_ = 0;
};

}  // namespace lde::metrics
