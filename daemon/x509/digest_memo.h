#pragma once

// Internal to x509/: a bounded, thread-safe memo keyed by the SHA-256 of its
// inputs. For pure functions of certificates (and of an immutable trust
// store) that every probe recomputes for the same server: signature checks
// cost tens of microseconds each, the key a few. Keys are digests, not the
// DER itself, so an entry costs its 32-byte key and its value whatever the
// certificates weigh, and a collision would need a SHA-256 collision.
//
// Memory: a 10,000-target estate fills these memos with tens of thousands of
// entries, held for as long as the trust store. Entries live in blocks of
// slots, filled in insertion order and reused oldest first once the bound is
// reached (so the slots are also the eviction order); a flat open-addressing
// index of 32-bit slot numbers finds them. That is the key, the value and
// about 8 bytes of index per entry, where a node map with a separate
// eviction queue cost about 150 bytes more (measured with heaptrack).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "ossl/digest.h"

namespace lde::x509::detail {

template <typename Value>
class DigestMemo {
 public:
  // Slot numbers are 32-bit: far above any bound a memo is given.
  explicit DigestMemo(std::size_t max_entries)
      : max_entries_(std::min<std::size_t>(max_entries, std::uint32_t{0x7fffffff})) {}
  DigestMemo(const DigestMemo&) = delete;
  DigestMemo& operator=(const DigestMemo&) = delete;

  // The entry for `key` if `usable` accepts it (e.g. a verdict still valid
  // at this check time); hits() counts only what was used.
  template <typename Usable>
  std::optional<Value> Find(const ossl::Sha256Digest& key, Usable usable) const {
    std::lock_guard lock(mutex_);
    const std::optional<std::size_t> at = Locate(key);
    if (!at) return std::nullopt;
    const Slot& slot = SlotAt(index_[*at] - 1);
    if (!usable(slot.value)) return std::nullopt;
    ++hits_;
    return slot.value;
  }
  std::optional<Value> Find(const ossl::Sha256Digest& key) const {
    return Find(key, [](const Value&) { return true; });
  }

  // Replaces an entry for the same key (its age unchanged); evicts the
  // oldest entry once the bound is reached.
  void Insert(const ossl::Sha256Digest& key, Value value) {
    if (max_entries_ == 0) return;
    std::lock_guard lock(mutex_);
    if (const std::optional<std::size_t> at = Locate(key)) {
      SlotAt(index_[*at] - 1).value = std::move(value);
      return;
    }
    std::size_t slot_number;
    if (count_ < max_entries_) {
      slot_number = count_++;
      if (slot_number / kBlockSlots == blocks_.size())
        blocks_.push_back(std::make_unique<Slot[]>(kBlockSlots));
      if (count_ * 2 > index_.size()) Rehash();
    } else {
      slot_number = oldest_;
      oldest_ = (oldest_ + 1) % max_entries_;
      Erase(*Locate(SlotAt(slot_number).key));
    }
    Slot& slot = SlotAt(slot_number);
    slot.key = key;
    slot.value = std::move(value);
    Place(slot_number);
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  // Lookups answered from the memo since construction (tests).
  std::size_t hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
  }

 private:
  struct Slot {
    ossl::Sha256Digest key{};
    Value value{};
  };
  // 256 slots: a memo that stays small stays small, a large one wastes at
  // most one block, and growing never moves an entry.
  static constexpr std::size_t kBlockSlots = 256;

  // The digest is uniformly distributed: its first bytes are a fine hash.
  static std::size_t Home(const ossl::Sha256Digest& d, std::size_t mask) {
    std::size_t h = 0;
    std::memcpy(&h, d.data(), sizeof h);
    return h & mask;
  }

  Slot& SlotAt(std::size_t n) { return blocks_[n / kBlockSlots][n % kBlockSlots]; }
  const Slot& SlotAt(std::size_t n) const { return blocks_[n / kBlockSlots][n % kBlockSlots]; }

  // The index position holding `key`, if any. index_ entries are slot
  // number + 1; 0 is an empty position. Linear probing; the index is at
  // most half full, so a miss ends at an empty position soon.
  std::optional<std::size_t> Locate(const ossl::Sha256Digest& key) const {
    if (index_.empty()) return std::nullopt;
    const std::size_t mask = index_.size() - 1;
    for (std::size_t i = Home(key, mask);; i = (i + 1) & mask) {
      if (index_[i] == 0) return std::nullopt;
      if (SlotAt(index_[i] - 1).key == key) return i;
    }
  }

  void Place(std::size_t slot_number) {
    const std::size_t mask = index_.size() - 1;
    std::size_t i = Home(SlotAt(slot_number).key, mask);
    while (index_[i] != 0) i = (i + 1) & mask;
    index_[i] = static_cast<std::uint32_t>(slot_number + 1);
  }

  // Empties index position `hole` and shifts back the entries after it that
  // probing would no longer reach (backward-shift deletion: no tombstones).
  void Erase(std::size_t hole) {
    const std::size_t mask = index_.size() - 1;
    for (std::size_t j = (hole + 1) & mask; index_[j] != 0; j = (j + 1) & mask) {
      const std::size_t home = Home(SlotAt(index_[j] - 1).key, mask);
      // The entry at j may stay only if its home lies cyclically in (hole, j].
      const bool stays = hole < j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      index_[hole] = index_[j];
      hole = j;
    }
    index_[hole] = 0;
  }

  // Doubles the index (16 positions at first) and places every entry again.
  void Rehash() {
    index_.assign(std::max<std::size_t>(16, index_.size() * 2), 0);
    for (std::size_t n = 0; n < count_ - 1; ++n) Place(n);  // the new slot is placed by Insert
  }

  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  mutable std::size_t hits_ = 0;
  std::vector<std::unique_ptr<Slot[]>> blocks_;
  std::size_t count_ = 0;   // slots in use: 0 .. count_ - 1
  std::size_t oldest_ = 0;  // the slot the next insert reuses once count_ == max_entries_
  std::vector<std::uint32_t> index_;
};

}  // namespace lde::x509::detail
