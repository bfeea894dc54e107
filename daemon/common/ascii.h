#pragma once

// ASCII-only case handling for protocol text (header names, schemes, host
// names): locale-independent, unlike std::tolower.

#include <cstddef>
#include <string>
#include <string_view>

namespace lde {

constexpr char AsciiLowerChar(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline void AsciiLowerInPlace(std::string& text) {
  for (char& c : text) c = AsciiLowerChar(c);
}

inline std::string AsciiLowerCopy(std::string_view text) {
  std::string out(text);
  AsciiLowerInPlace(out);
  return out;
}

// The value of one hex digit (either case), or -1 for any other byte.
constexpr int AsciiHexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = AsciiLowerChar(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Bytes as lower-case hex, two digits each: how fingerprints, serials and
// OCSP certificate IDs are spelled in labels, logs and keys. `out` takes
// 2 * size characters (a caller on a hot path keeps them on its stack).
inline void LowerHexInto(const unsigned char* data, std::size_t size, char* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
}

inline std::string LowerHex(const unsigned char* data, std::size_t size) {
  std::string out(2 * size, '\0');
  LowerHexInto(data, size, out.data());
  return out;
}

constexpr bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLowerChar(a[i]) != AsciiLowerChar(b[i])) return false;
  }
  return true;
}

}  // namespace lde
