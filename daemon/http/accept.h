#pragma once

#include <optional>
#include <string_view>

namespace lde::http {

// The q-value in the parameters of one Accept or Accept-Encoding list element
// (what follows the first ';', e.g. "level=1;q=0.5"): 1 when absent, 0 for a
// malformed one (RFC 9110 12.4.2: "0" to "1" with up to three decimals).
double QValue(std::string_view params);

// How much an Accept value (RFC 9110 12.5.1) wants `media_type` ("type/subtype"):
// the q-value of the most specific range that matches it (type/subtype over
// type/* over */*; the first of equals), case-insensitively; 1 when there is
// no Accept header, 0 when no range matches. Media type parameters other
// than q are ignored.
double AcceptQuality(std::optional<std::string_view> accept, std::string_view media_type);

}  // namespace lde::http
