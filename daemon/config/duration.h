#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace lde::config {

// Parses a Prometheus duration: one or more <digits><unit> terms with units in
// strictly decreasing order, chosen from y (365d), w, d, h, m, s, ms; for
// example "90s", "5m", "1h30m", "500ms", "1d", "1w", "1y". Returns nullopt for
// empty text, a sign, a missing or unknown unit, units out of order or
// repeated, and values that do not fit in Duration (about 292 years).
// Unlike Prometheus, a bare "0" is rejected: every duration needs a unit.
std::optional<Duration> ParseDuration(std::string_view text);

// The shortest Prometheus form of `d` (e.g. "1h30m", "500ms", "0s"); the
// sub-millisecond remainder is dropped. Used in messages.
std::string FormatDuration(Duration d);

}  // namespace lde::config
