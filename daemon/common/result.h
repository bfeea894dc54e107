#pragma once

#include <utility>
#include <variant>

#include "common/error.h"

namespace lde {

// A value or an Error. Debian 12's GCC has std::expected only in C++23 mode;
// this is the small subset we need, so module edges return errors as values.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

inline Error MakeError(ErrorKind kind, std::string detail) { return Error{kind, std::move(detail)}; }

}  // namespace lde
