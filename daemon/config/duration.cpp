#include "config/duration.h"

#include <array>
#include <charconv>
#include <cstdint>

namespace lde::config {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t nanos;
};

// Largest first, as Prometheus requires; "ms" before "m" when matching.
constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSecond = 1000 * kMs;
constexpr std::array<Unit, 7> kUnits = {{
    {"y", 365LL * 24 * 3600 * kSecond},
    {"w", 7LL * 24 * 3600 * kSecond},
    {"d", 24LL * 3600 * kSecond},
    {"h", 3600 * kSecond},
    {"m", 60 * kSecond},
    {"s", kSecond},
    {"ms", kMs},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Index into kUnits of the unit at the start of `rest`, or -1.
int MatchUnit(std::string_view rest) {
  if (rest.starts_with("ms")) return 6;
  for (int i = 0; i < 6; ++i) {
    if (rest.starts_with(kUnits[i].suffix)) return i;
  }
  return -1;
}

}  // namespace

std::optional<Duration> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  int last_unit = -1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t digits_end = pos;
    while (digits_end < text.size() && IsDigit(text[digits_end])) ++digits_end;
    if (digits_end == pos) return std::nullopt;  // sign, space or unit without number
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + digits_end, value);
    if (ec != std::errc() || ptr != text.data() + digits_end) return std::nullopt;
    int unit = MatchUnit(text.substr(digits_end));
    if (unit < 0 || unit <= last_unit) return std::nullopt;
    std::int64_t term = 0;
    if (__builtin_mul_overflow(value, kUnits[unit].nanos, &term) ||
        __builtin_add_overflow(total, term, &total)) {
      return std::nullopt;
    }
    last_unit = unit;
    pos = digits_end + kUnits[unit].suffix.size();
  }
  return Duration(total);
}

std::string FormatDuration(Duration d) {
  std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  if (ms <= 0) return "0s";
  std::string out;
  std::int64_t rest = ms * kMs;
  for (const Unit& unit : kUnits) {
    std::int64_t count = rest / unit.nanos;
    if (count == 0) continue;
    out += std::to_string(count);
    out += unit.suffix;
    rest -= count * unit.nanos;
  }
  return out;
}

}  // namespace lde::config
