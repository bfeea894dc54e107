#pragma once

// A value that is nearly always its default, held out of line only when it
// is not: reads give the value (the default while none is held), writes
// replace it whole. For members of results held for every endpoint until the
// next probe: an inline T costs sizeof(T) for every endpoint, and most hold
// the default (a staple report on a server that staples nothing).

#include <memory>
#include <utility>

namespace lde::model {

template <typename T>
class Sparse {
 public:
  Sparse() = default;
  Sparse(T value) { *this = std::move(value); }  // NOLINT(google-explicit-constructor): as the T it replaces
  Sparse(const Sparse& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  Sparse(Sparse&&) noexcept = default;
  Sparse& operator=(const Sparse& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  Sparse& operator=(Sparse&&) noexcept = default;
  // Holds nothing when `value` is the default.
  Sparse& operator=(T value) {
    if (value == Default()) {
      value_.reset();
    } else {
      value_ = std::make_unique<T>(std::move(value));
    }
    return *this;
  }
  ~Sparse() = default;

  const T& operator*() const { return value_ ? *value_ : Default(); }
  const T* operator->() const { return &**this; }
  // Whether a value other than the default is held (tests: proof of the saving).
  bool held() const { return value_ != nullptr; }

  friend bool operator==(const Sparse& a, const Sparse& b) { return *a == *b; }

 private:
  static const T& Default() {
    static const T kDefault{};
    return kDefault;
  }
  std::unique_ptr<T> value_;
};

}  // namespace lde::model
