#include "metrics/series_index.h"

#include <algorithm>
#include <functional>

namespace lde::metrics {
namespace {

constexpr std::size_t kInitialSlots = 64;

bool SameKey(std::string_view text, std::size_t a_begin, std::size_t a_size, std::size_t b_begin,
             std::size_t b_size) {
  return a_size == b_size && text.substr(a_begin, a_size) == text.substr(b_begin, b_size);
}

}  // namespace

bool SeriesIndex::Insert(std::string_view text, std::size_t begin, std::size_t size) {
  if (hashed_) return InsertHashed(text, begin, size);
  for (std::size_t i = 0; i < linear_count_; ++i) {
    if (SameKey(text, linear_[i].begin, linear_[i].size, begin, size)) return false;
  }
  if (linear_count_ < kLinearKeys) {
    linear_[linear_count_++] = Key{begin, size};
    return true;
  }
  // A large group: its keys so far move into the hash set.
  hashed_ = true;
  for (std::size_t i = 0; i < linear_count_; ++i) InsertHashed(text, linear_[i].begin, linear_[i].size);
  return InsertHashed(text, begin, size);
}

bool SeriesIndex::InsertHashed(std::string_view text, std::size_t begin, std::size_t size) {
  // At most half full, so probes stay short and always reach an empty slot.
  if ((used_.size() + 1) * 2 > slots_.size()) Grow();
  const std::string_view key = text.substr(begin, size);
  const std::size_t hash = std::hash<std::string_view>()(key);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.begin == kEmpty) {
      slot = Slot{hash, begin, size};
      used_.push_back(i);
      return true;
    }
    if (slot.hash == hash && SameKey(text, slot.begin, slot.size, begin, size)) return false;
  }
}

void SeriesIndex::Clear() {
  for (const std::size_t i : used_) slots_[i] = Slot{};
  used_.clear();
  linear_count_ = 0;
  hashed_ = false;
}

void SeriesIndex::Grow() {
  std::vector<Slot> old(std::max(kInitialSlots, slots_.size() * 2));
  old.swap(slots_);
  used_.clear();
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.begin == kEmpty) continue;
    std::size_t i = slot.hash & mask;
    while (slots_[i].begin != kEmpty) i = (i + 1) & mask;
    slots_[i] = slot;
    used_.push_back(i);
  }
}

}  // namespace lde::metrics
