#pragma once

// A value that is nearly always its default, held out of line only when it
// is not: reads give the value (the default while none is held), writes
// replace it whole. For members of results held for every endpoint until the
// next probe: an inline T costs sizeof(T) for every endpoint, and most hold
// the default (a staple report on a server that staples nothing).

#include <utility>

#include "model/boxed.h"

namespace lde::model {

template <typename T>
class Sparse {
 public:
  Sparse() = default;
  Sparse(T value) { *this = std::move(value); }  // NOLINT(google-explicit-constructor): as the T it replaces
  // Holds nothing when `value` is the default. (Copies are deep: Boxed's.)
  Sparse& operator=(T value) {
    if (value == Default()) {
      value_.reset();
    } else {
      value_.emplace(std::move(value));
    }
    return *this;
  }

  const T& operator*() const { return value_ ? *value_ : Default(); }
  const T* operator->() const { return &**this; }
  // Whether a value other than the default is held (tests: proof of the saving).
  bool held() const { return value_.has_value(); }

  friend bool operator==(const Sparse& a, const Sparse& b) { return *a == *b; }

 private:
  static const T& Default() {
    static const T kDefault{};
    return kDefault;
  }
  Boxed<T> value_;
};

}  // namespace lde::model
