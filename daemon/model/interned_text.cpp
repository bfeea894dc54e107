#include "model/interned_text.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <new>
#include <ostream>
#include <vector>

namespace lde::model {

// One allocation: this header, then the text's bytes.
struct InternedText::Entry {
  mutable std::atomic<std::uint32_t> refs;
  std::uint32_t size;
  std::size_t hash;

  const char* text() const { return reinterpret_cast<const char*>(this + 1); }
  std::string_view view() const { return {text(), size}; }
};

namespace {

using Entry = InternedText::Entry;

// An open-addressing table of entries (linear probing, backward-shift
// removal): 16 bytes per distinct text at its lowest load, where a node-based
// set would add a node per text. Guarded by the pool's mutex.
class EntryTable {
 public:
  const Entry* Find(std::string_view text, std::size_t hash) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = hash & Mask();; i = (i + 1) & Mask()) {
      const Entry* e = slots_[i];
      if (e == nullptr) return nullptr;
      if (e->hash == hash && e->view() == text) return e;
    }
  }

  void Insert(const Entry* entry) {
    if ((count_ + 1) * 2 > slots_.size()) Resize(slots_.empty() ? kMinSlots : slots_.size() * 2);
    Place(entry);
    ++count_;
  }

  void Erase(const Entry* entry) {
    std::size_t hole = entry->hash & Mask();
    while (slots_[hole] != entry) hole = (hole + 1) & Mask();
    slots_[hole] = nullptr;
    // Shift back the entries of the run after the hole that may sit there.
    for (std::size_t i = (hole + 1) & Mask(); slots_[i] != nullptr; i = (i + 1) & Mask()) {
      const std::size_t home = slots_[i]->hash & Mask();
      const bool movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (movable) {
        slots_[hole] = slots_[i];
        slots_[i] = nullptr;
        hole = i;
      }
    }
    --count_;
    // Give back a table a shrunken estate left mostly empty.
    if (slots_.size() > kMinSlots && count_ * 8 < slots_.size()) Resize(slots_.size() / 2);
  }

  std::size_t size() const { return count_; }

 private:
  static constexpr std::size_t kMinSlots = 64;

  std::size_t Mask() const { return slots_.size() - 1; }

  void Place(const Entry* entry) {
    std::size_t i = entry->hash & Mask();
    while (slots_[i] != nullptr) i = (i + 1) & Mask();
    slots_[i] = entry;
  }

  void Resize(std::size_t slots) {
    std::vector<const Entry*> old(slots, nullptr);
    old.swap(slots_);
    for (const Entry* e : old) {
      if (e != nullptr) Place(e);
    }
  }

  std::vector<const Entry*> slots_;
  std::size_t count_ = 0;
};

struct Pool {
  std::mutex mutex;
  EntryTable table;
};

// Never destroyed: texts held by static objects outlive every other static.
Pool& ThePool() {
  static Pool* pool = new Pool;
  return *pool;
}

const Entry* Acquire(std::string_view text) {
  const std::size_t hash = std::hash<std::string_view>{}(text);
  Pool& pool = ThePool();
  std::lock_guard lock(pool.mutex);
  if (const Entry* e = pool.table.Find(text, hash)) {
    e->refs.fetch_add(1, std::memory_order_relaxed);
    return e;
  }
  void* block = ::operator new(sizeof(Entry) + text.size());
  auto* e = new (block) Entry{{1}, static_cast<std::uint32_t>(text.size()), hash};
  text.copy(reinterpret_cast<char*>(e + 1), text.size());
  pool.table.Insert(e);
  return e;
}

void Retain(const Entry* e) {
  if (e != nullptr) e->refs.fetch_add(1, std::memory_order_relaxed);
}

// Only the pool's lock takes a count from 1 to 0, and Acquire finds entries
// under that lock: an entry is never freed while a lookup hands it out.
void Release(const Entry* e) {
  if (e == nullptr) return;
  std::uint32_t refs = e->refs.load(std::memory_order_relaxed);
  while (refs > 1) {
    if (e->refs.compare_exchange_weak(refs, refs - 1, std::memory_order_acq_rel)) return;
  }
  Pool& pool = ThePool();
  std::lock_guard lock(pool.mutex);
  if (e->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  pool.table.Erase(e);
  e->~Entry();
  ::operator delete(const_cast<Entry*>(e));
}

}  // namespace

InternedText::InternedText(std::string_view text) : entry_(text.empty() ? nullptr : Acquire(text)) {}

InternedText::InternedText(const InternedText& other) noexcept : entry_(other.entry_) { Retain(entry_); }

InternedText& InternedText::operator=(const InternedText& other) noexcept {
  Retain(other.entry_);
  Release(entry_);
  entry_ = other.entry_;
  return *this;
}

InternedText& InternedText::operator=(InternedText&& other) noexcept {
  if (this != &other) {
    Release(entry_);
    entry_ = other.entry_;
    other.entry_ = nullptr;
  }
  return *this;
}

InternedText::~InternedText() { Release(entry_); }

std::string_view InternedText::view() const {
  return entry_ == nullptr ? std::string_view() : entry_->view();
}

std::size_t InternedText::PoolSize() {
  Pool& pool = ThePool();
  std::lock_guard lock(pool.mutex);
  return pool.table.size();
}

std::ostream& operator<<(std::ostream& out, const InternedText& text) { return out << text.view(); }

}  // namespace lde::model
