#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lde {

// Bytes from peers (status lines, header fields, certificate strings) end up
// in error details, logs and JSON output, which must be UTF-8 (RFC 8259 §8.1).

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Length of the well-formed sequence starting at s[i] (i < s.size()): 1 for
// ASCII, up to 4; or 0 when the bytes there are ill-formed, and then
// *maximal_subpart is the length of the piece one U+FFFD replaces (at least 1).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i, std::size_t* maximal_subpart);

// `s` with every ill-formed sequence replaced by U+FFFD, one per maximal
// subpart (Unicode 15 §3.9, "U+FFFD Substitution of Maximal Subparts").
// Well-formed input comes back unchanged.
std::string ToValidUtf8(std::string_view s);

// "…[truncated N <unit>s]" ("…[truncated 1 <unit>]"), the marker that ends
// every value cut to a budget (labels, log details), so a reader sees both
// that and how much was cut.
std::string TruncationMarker(std::size_t dropped, std::string_view unit);
// The largest TruncationMarker(dropped, unit) for any dropped <= total.
std::size_t TruncationMarkerMaxSize(std::size_t total, std::string_view unit);

// `s` itself when it has at most max_bytes bytes; else its longest prefix
// that ends on a character boundary and leaves room for the marker, then
// TruncationMarker(bytes cut, "byte"): at most max_bytes in all (max_bytes
// must exceed the marker, e.g. 64). Work is O(max_bytes), whatever the size
// of `s`. Ill-formed bytes are kept as they are (ToValidUtf8 repairs them).
std::string TruncateUtf8(std::string_view s, std::size_t max_bytes);

}  // namespace lde
