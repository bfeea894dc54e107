#pragma once

// One report per presented certificate (position 0 = leaf), held compactly:
// the reports at the end that say nothing (equal to a default T: not
// checked, no URL, no detail) need not be stored, and read as the default.
// Most certificates name no CRL or OCSP URL, so the revocation reports of a
// held result are nearly all such (results/held_result.h drops them: at
// 10,000 endpoints, about 450 bytes each). What the code uses of a vector
// (size, index, construction from one) works as before.

#include <cassert>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <utility>
#include <vector>

namespace lde::model {

template <typename T>
class PerPosition {
 public:
  PerPosition() = default;
  PerPosition(std::vector<T> reports)  // NOLINT(google-explicit-constructor): as the vector it replaces
      : reports_(std::move(reports)), size_(reports_.size()) {}
  PerPosition(std::initializer_list<T> reports) : reports_(reports), size_(reports_.size()) {}

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t position) const {
    assert(position < size_);
    return position < reports_.size() ? reports_[position] : Default();
  }
  // For filling in (analysis, tests): stores the defaults up to `position`.
  T& operator[](std::size_t position) {
    assert(position < size_);
    if (position >= reports_.size()) reports_.resize(position + 1);
    return reports_[position];
  }
  void resize(std::size_t size) {
    if (size < reports_.size()) reports_.resize(size);
    size_ = size;
  }

  // Stops storing the default reports at the end; what reads them is
  // unchanged. Frees what is no longer needed.
  void DropDefaultTail() {
    const T none{};
    std::size_t kept = reports_.size();
    while (kept > 0 && reports_[kept - 1] == none) --kept;
    if (kept == reports_.size()) return;
    std::vector<T>(std::make_move_iterator(reports_.begin()),
                   std::make_move_iterator(reports_.begin() + static_cast<std::ptrdiff_t>(kept)))
        .swap(reports_);
  }
  // Reports actually held (tests: proof of the saving).
  std::size_t stored() const { return reports_.size(); }

  // Equal when every position reads the same, however much is stored.
  bool operator==(const PerPosition& other) const {
    if (size_ != other.size_) return false;
    for (std::size_t i = 0; i < size_; ++i) {
      if (!((*this)[i] == other[i])) return false;
    }
    return true;
  }

 private:
  static const T& Default() {
    static const T value{};
    return value;
  }

  std::vector<T> reports_;
  std::size_t size_ = 0;
};

}  // namespace lde::model
