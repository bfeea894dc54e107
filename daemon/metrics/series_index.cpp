#include "metrics/series_index.h"

#include <algorithm>
#include <functional>

namespace lde::metrics {
namespace {

constexpr std::size_t kInitialSlots = 64;

}  // namespace

bool SeriesIndex::Insert(std::string_view text, std::size_t begin, std::size_t size) {
  // At most half full, so probes stay short and always reach an empty slot.
  if ((count_ + 1) * 2 > slots_.size()) Grow();
  const std::string_view key = text.substr(begin, size);
  const std::size_t hash = std::hash<std::string_view>()(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.begin == kEmpty) {
      slot = Slot{hash, begin, size};
      ++count_;
      return true;
    }
    if (slot.hash == hash && text.substr(slot.begin, slot.size) == key) return false;
  }
}

void SeriesIndex::Clear() {
  if (count_ == 0) return;
  std::fill(slots_.begin(), slots_.end(), Slot{});
  count_ = 0;
}

void SeriesIndex::Grow() {
  std::vector<Slot> old(std::max(kInitialSlots, slots_.size() * 2));
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.begin == kEmpty) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].begin != kEmpty) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace lde::metrics
