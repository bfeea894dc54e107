#pragma once

#include <string>
#include <string_view>

namespace lde {

// Bytes from peers (status lines, header fields, certificate strings) end up
// in error details, logs and JSON output, which must be UTF-8 (RFC 8259 §8.1).

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// `s` with every ill-formed sequence replaced by U+FFFD, one per maximal
// subpart (Unicode 15 §3.9, "U+FFFD Substitution of Maximal Subparts").
// Well-formed input comes back unchanged.
std::string ToValidUtf8(std::string_view s);

}  // namespace lde
