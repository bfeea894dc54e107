#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace lde::metrics {

// The series keys one family has written so far, kept as offsets into the
// text being written (which may grow and move): an open-addressing hash set
// with linear probing, so recording a key allocates nothing once the table
// has grown to the largest family, and Clear keeps that table for the next
// family. Memory: 24 bytes per slot, at most 2 slots per key.
class SeriesIndex {
 public:
  // Records text[begin, begin + size) and returns true, or returns false if
  // an equal key is already recorded.
  bool Insert(std::string_view text, std::size_t begin, std::size_t size);
  void Clear();

 private:
  struct Slot {
    std::size_t hash = 0;
    std::size_t begin = kEmpty;
    std::size_t size = 0;
  };
  static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);

  void Grow();

  std::vector<Slot> slots_;  // size is 0 or a power of two
  std::size_t count_ = 0;
};

}  // namespace lde::metrics
