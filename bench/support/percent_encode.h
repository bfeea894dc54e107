#pragma once

// RFC 3986 query component: keeps unreserved characters, escapes the rest.
// For the /probe?module=&target= requests the benchmarks send blackbox.

#include <string>

namespace lde::bench {

std::string PercentEncode(const std::string& text);

}  // namespace lde::bench
