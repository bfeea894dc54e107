#include "common/utf8.h"

#include <cstddef>
#include <string>

namespace lde {

std::size_t Utf8SequenceLength(std::string_view s, std::size_t i, std::size_t* prefix) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  *prefix = 1;
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;  // RFC 3629 §4: the second byte's range depends on the lead byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;  // C0, C1, F5..FF, or a stray continuation byte
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) return 0;
    const unsigned char c = byte(i + k);
    const bool ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
    if (!ok) return 0;
    *prefix = k + 1;
  }
  return length;
}

bool IsValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t prefix = 0;
    std::size_t length = Utf8SequenceLength(s, i, &prefix);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string ToValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    std::size_t prefix = 0;
    std::size_t length = Utf8SequenceLength(s, i, &prefix);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      i += prefix;
    } else {
      out.append(s.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string TruncationMarker(std::size_t dropped, std::string_view unit) {
  std::string out = "\xE2\x80\xA6[truncated ";  // U+2026 HORIZONTAL ELLIPSIS
  out.append(std::to_string(dropped)).append(" ").append(unit);
  if (dropped != 1) out.push_back('s');
  out.push_back(']');
  return out;
}

std::size_t TruncationMarkerMaxSize(std::size_t total, std::string_view unit) {
  return TruncationMarker(total == 1 ? 2 : total, unit).size();  // the plural is the longer
}

std::string TruncateUtf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  const std::size_t reserve = TruncationMarkerMaxSize(s.size(), "byte");
  const std::size_t room = max_bytes > reserve ? max_bytes - reserve : 0;
  // Back up from `room` to the start of the character that straddles it (at
  // most 3 continuation bytes: UTF-8 sequences are at most 4 bytes long).
  std::size_t keep = room;
  for (int back = 0; back < 3 && keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80; ++back) {
    --keep;
  }
  std::size_t subpart = 0;
  if (keep < room && Utf8SequenceLength(s, keep, &subpart) == 0)
    keep = room;  // not a character: cut anywhere
  std::string out(s.substr(0, keep));
  out += TruncationMarker(s.size() - keep, "byte");
  return out;
}

}  // namespace lde
