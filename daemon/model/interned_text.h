#pragma once

// Text that many held results repeat (host names, cipher and protocol names,
// trust store names, verification details), stored once per distinct value
// for the whole process and shared by reference count. A holder is one
// pointer (empty text: none); equal texts are the same entry, so comparing
// two is comparing pointers. An entry is freed with its last holder, so the
// pool holds what the results hold, never more: names of removed targets go
// with their results.
//
// Why: at 10,000 targets an endpoint's host name was held three times (the
// endpoint, its SNI, its DNS outcome), each a 32-byte string
// and, past 15 characters, a heap block of its own; a trust verdict's detail
// ("unable to get local issuer certificate at depth 2") was a heap block per
// endpoint and store.
//
// Thread-safe: copies and releases from any thread (results are built on the
// probe threads and dropped wherever their last snapshot goes).

#include <compare>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace lde::model {

class InternedText {
 public:
  InternedText() = default;
  InternedText(std::string_view text);  // NOLINT(google-explicit-constructor): as the string it replaces
  InternedText(const std::string& text) : InternedText(std::string_view(text)) {}  // NOLINT
  InternedText(const char* text) : InternedText(std::string_view(text)) {}         // NOLINT
  InternedText(const InternedText& other) noexcept;
  InternedText(InternedText&& other) noexcept : entry_(other.entry_) { other.entry_ = nullptr; }
  InternedText& operator=(const InternedText& other) noexcept;
  InternedText& operator=(InternedText&& other) noexcept;
  ~InternedText();

  std::string_view view() const;
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  std::string str() const { return std::string(view()); }
  bool empty() const { return entry_ == nullptr; }
  // Asks the processor for the text's memory ahead of a read (a walk over
  // many results that lie apart: the entry is one more miss per text).
  void FetchAhead() const { __builtin_prefetch(entry_); }
  std::size_t size() const { return view().size(); }

  // Equal texts share one entry.
  friend bool operator==(const InternedText& a, const InternedText& b) { return a.entry_ == b.entry_; }
  friend bool operator==(const InternedText& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const InternedText& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const InternedText& a, const char* b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const InternedText& a, const InternedText& b) {
    return a.view() <=> b.view();
  }

  // Distinct texts held now, process-wide (for tests).
  static std::size_t PoolSize();

  struct Entry;

 private:
  const Entry* entry_ = nullptr;
};

std::ostream& operator<<(std::ostream& out, const InternedText& text);

inline std::string operator+(const InternedText& a, std::string_view b) {
  std::string out(a.view());
  out += b;
  return out;
}

}  // namespace lde::model
