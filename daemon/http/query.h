#pragma once

// The query string of a request (the part after '?'), decoded strictly: a
// route that acts on a parameter must never act on a value the client did
// not mean, so a malformed escape is an error, not kept as written.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace lde::http {

struct QueryParam {
  std::string name;
  std::string value;

  bool operator==(const QueryParam&) const = default;
};

// Bounds on one query. The request head (RequestLimits::max_head_bytes)
// already bounds its size; these bound the work and what a handler keeps.
struct QueryLimits {
  std::size_t max_params = 32;
  std::size_t max_value_bytes = 1024;  // each decoded name and value
};

// Splits `query` on '&' into name=value pairs, in order, decoded as
// application/x-www-form-urlencoded ('+' is a space, %XX a byte). A pair
// without '=' has an empty value; empty pairs ("a&&b", a trailing '&') are
// skipped. Errors (ErrorKind::kHttpProtocol, with a short reason a client
// may be shown): a '%' not followed by two hex digits, a decoded name or
// value that is not UTF-8 or holds a control character (NUL, CR, LF, ...),
// one longer than max_value_bytes, more than max_params pairs.
Result<std::vector<QueryParam>> ParseQuery(std::string_view query, const QueryLimits& limits = {});

}  // namespace lde::http
