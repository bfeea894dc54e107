#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace lde::metrics {

// One label of a sample, borrowed from the snapshot (or a local of the
// caller) for the duration of one SeriesSink::Add call. `verbatim` says the
// value was already found to be written as is (text_format.h WrittenAsIs:
// within budget, nothing to repair or escape), so the text writer copies it
// without looking at it again: the endpoint table checks each endpoint's
// values once per render instead of once per line of each family.
struct LabelRef {
  std::string_view name;
  std::string_view value;
  bool verbatim = false;
};

// Receives the samples of one metric family while it is rendered: the text
// writer behind RenderText, or the FamilySet behind RenderMetrics. Whoever
// drives the sink says which family it is; the sink copies what it keeps, so
// rendering allocates nothing per label.
class SeriesSink {
 public:
  virtual ~SeriesSink() = default;
  virtual void Add(std::span<const LabelRef> labels, double value) = 0;
};

// `base` followed by `extra`, sized at compile time: With(base, {{k, v}, ...}).
template <std::size_t N, std::size_t M>
std::array<LabelRef, N + M> With(const std::array<LabelRef, N>& base, const LabelRef (&extra)[M]) {
  std::array<LabelRef, N + M> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = base[i];
  for (std::size_t i = 0; i < M; ++i) out[N + i] = extra[i];
  return out;
}

}  // namespace lde::metrics
