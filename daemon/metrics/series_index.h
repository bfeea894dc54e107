#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace lde::metrics {

// The series keys one family has written so far within one group (a
// target's lines), kept as offsets into the text being written (which may
// grow and move). A group nearly always holds a handful of keys: those are
// compared directly, no hashing; past kLinearKeys the keys move into an
// open-addressing hash set with linear probing. Clear costs what was
// inserted, not what the table once grew to (a deployment's large group
// would otherwise be paid again by every small one after it), and keeps the
// table, so recording a key allocates nothing once it has grown to the
// largest group. Memory: 24 bytes per slot, at most 2 slots per key.
class SeriesIndex {
 public:
  // Records text[begin, begin + size) and returns true, or returns false if
  // an equal key is already recorded.
  bool Insert(std::string_view text, std::size_t begin, std::size_t size);
  void Clear();

 private:
  struct Key {
    std::size_t begin = 0;
    std::size_t size = 0;
  };
  struct Slot {
    std::size_t hash = 0;
    std::size_t begin = kEmpty;
    std::size_t size = 0;
  };
  static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
  static constexpr std::size_t kLinearKeys = 8;

  bool InsertHashed(std::string_view text, std::size_t begin, std::size_t size);
  void Grow();

  std::array<Key, kLinearKeys> linear_{};
  std::size_t linear_count_ = 0;
  std::vector<Slot> slots_;        // size is 0 or a power of two
  std::vector<std::size_t> used_;  // indices of the slots filled since Clear
  bool hashed_ = false;            // keys live in slots_ (past kLinearKeys)
};

}  // namespace lde::metrics
