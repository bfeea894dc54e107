#pragma once

#include <string>
#include <string_view>

namespace lde {

// A query-string value percent-encoded: every byte but RFC 3986's
// unreserved ALPHA / DIGIT / - . _ ~ becomes %XX (upper-case hex). The
// result is plain ASCII without & < > " ', safe in an HTML attribute as it
// is (the status page's /status?target= links) and in a request target
// (the benchmarks' /probe?target= requests).
std::string PercentEncode(std::string_view value);

}  // namespace lde
