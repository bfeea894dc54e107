#include "common/http_syntax.h"

#include <strings.h>

#include <algorithm>

#include "common/ascii.h"

namespace lde {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsOws(char c) { return c == ' ' || c == '\t'; }

}  // namespace

bool IsTokenChar(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         kSpecials.find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar); }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

bool IsSafeFieldValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::optional<StatusLine> ParseStatusLine(std::string_view line) {
  // "HTTP/1.1 200" is 12 characters; only major version 1 belongs on this wire.
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || !IsDigit(line[7]) || line[8] != ' ') {
    return std::nullopt;
  }
  std::string_view code = line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), IsDigit) || code[0] == '0') return std::nullopt;
  std::string_view rest = line.substr(12);
  if (!rest.empty() && rest.front() != ' ') return std::nullopt;  // "HTTP/1.1 2000"
  if (!rest.empty()) rest.remove_prefix(1);
  if (rest.find('\0') != std::string_view::npos) return std::nullopt;
  StatusLine out;
  out.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  out.reason = std::string(rest);
  return out;
}

std::optional<std::uint64_t> ParseContentLength(const std::vector<std::string>& values) {
  std::optional<std::uint64_t> result;
  for (const auto& value : values) {
    std::string_view rest = value;
    // Every comma-separated element (RFC 9110 §8.6).
    for (;;) {
      std::size_t comma = rest.find(',');
      std::string_view item = TrimOws(rest.substr(0, comma));
      // 18 digits keep the value far below 2^63: no overflow checks needed.
      if (item.empty() || item.size() > 18 || !std::all_of(item.begin(), item.end(), IsDigit)) {
        return std::nullopt;
      }
      std::uint64_t n = 0;
      for (char c : item) n = n * 10 + static_cast<std::uint64_t>(c - '0');
      if (result && *result != n) return std::nullopt;
      result = n;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return result;
}

std::optional<std::uint64_t> ParseChunkSizeLine(std::string_view line) {
  std::size_t i = 0;
  std::uint64_t size = 0;
  while (i < line.size() && AsciiHexValue(line[i]) >= 0) {
    if (i >= 15) return std::nullopt;  // 15 hex digits: below 2^60, no overflow
    size = size * 16 + static_cast<std::uint64_t>(AsciiHexValue(line[i]));
    ++i;
  }
  if (i == 0) return std::nullopt;
  std::string_view rest = TrimOws(line.substr(i));
  if (!rest.empty() && rest.front() != ';') return std::nullopt;
  if (!IsSafeFieldValue(rest)) return std::nullopt;
  return size;
}

bool FinalCodingIsChunked(const std::vector<std::string>& values) {
  if (values.empty()) return false;
  std::string_view last = values.back();
  if (auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
  last = TrimOws(last);
  return last.size() == 7 && ::strncasecmp(last.data(), "chunked", 7) == 0;
}

}  // namespace lde
