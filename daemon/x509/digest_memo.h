#pragma once

// Internal to x509/: a bounded, thread-safe memo keyed by the SHA-256 of its
// inputs. For pure functions of certificates (and of an immutable trust
// store) that every probe recomputes for the same server: signature checks
// cost tens of microseconds each, the key a few. Keys are digests, not the
// DER itself, so an entry costs ~100 bytes whatever the certificates weigh,
// and a collision would need a SHA-256 collision.

#include <cstddef>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "ossl/digest.h"

namespace lde::x509::detail {

template <typename Value>
class DigestMemo {
 public:
  explicit DigestMemo(std::size_t max_entries) : max_entries_(max_entries) {}
  DigestMemo(const DigestMemo&) = delete;
  DigestMemo& operator=(const DigestMemo&) = delete;

  // The entry for `key` if `usable` accepts it (e.g. a verdict still valid
  // at this check time); hits() counts only what was used.
  template <typename Usable>
  std::optional<Value> Find(const ossl::Sha256Digest& key, Usable usable) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !usable(it->second)) return std::nullopt;
    ++hits_;
    return it->second;
  }
  std::optional<Value> Find(const ossl::Sha256Digest& key) const {
    return Find(key, [](const Value&) { return true; });
  }

  // Replaces an entry for the same key; evicts the oldest beyond the bound.
  void Insert(const ossl::Sha256Digest& key, Value value) {
    if (max_entries_ == 0) return;
    std::lock_guard lock(mutex_);
    auto [it, inserted] = entries_.insert_or_assign(key, std::move(value));
    if (!inserted) return;
    order_.push_back(key);
    while (entries_.size() > max_entries_) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }
  // Lookups answered from the memo since construction (tests).
  std::size_t hits() const {
    std::lock_guard lock(mutex_);
    return hits_;
  }

 private:
  // The digest is uniformly distributed: its first bytes are a fine hash.
  struct Hash {
    std::size_t operator()(const ossl::Sha256Digest& d) const noexcept {
      std::size_t h = 0;
      std::memcpy(&h, d.data(), sizeof h);
      return h;
    }
  };

  const std::size_t max_entries_;
  mutable std::mutex mutex_;
  mutable std::size_t hits_ = 0;
  std::unordered_map<ossl::Sha256Digest, Value, Hash> entries_;
  std::deque<ossl::Sha256Digest> order_;  // insertion order, for eviction
};

}  // namespace lde::x509::detail
