#include "metrics/label_values.h"

#include "common/utf8.h"
#include "model/packed_cert_facts.h"

namespace lde::metrics {
namespace {

// What the bytes at s[i] render as: `consumed` input bytes become `size`
// output bytes, either the input as is or `text` when `replaced`.
struct Piece {
  std::size_t consumed = 1;
  std::size_t size = 1;
  bool replaced = false;
  char text[3] = {};
};

Piece Replaced(std::size_t consumed, char a, char b, char c) { return Piece{consumed, 3, true, {a, b, c}}; }

bool IsPlain(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte >= 0x20 && byte < 0x7F) || byte == '\n';
}

Piece NextPiece(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (IsPlain(s[i])) return Piece{};
  if (c < 0x80) {
    // Control Pictures: U+2400 + c for C0, U+2421 for DEL (UTF-8 E2 90 xx).
    return Replaced(1, '\xE2', '\x90', static_cast<char>(c == 0x7F ? 0xA1 : 0x80 + c));
  }
  std::size_t subpart = 0;
  const std::size_t length = Utf8SequenceLength(s, i, &subpart);
  // U+FFFD for an ill-formed piece, and for C1 controls (C2 80..C2 9F).
  if (length == 0) return Replaced(subpart, '\xEF', '\xBF', '\xBD');
  if (c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) return Replaced(2, '\xEF', '\xBF', '\xBD');
  return Piece{length, length, false, {}};
}

// Appends the rendering of `value` to `out` while `out` stays within
// `limit`; returns how many bytes of `value` were rendered.
std::size_t AppendRepaired(std::string_view value, std::string& out, std::size_t limit) {
  std::size_t i = 0;
  while (i < value.size()) {
    const Piece piece = NextPiece(value, i);
    if (out.size() + piece.size > limit) break;
    if (piece.replaced) {
      out.append(piece.text, piece.size);
    } else {
      out.append(value.data() + i, piece.consumed);
    }
    i += piece.consumed;
  }
  return i;
}

bool NeedsRepair(std::string_view value, std::size_t max_bytes) {
  if (value.size() > max_bytes) return true;
  for (std::size_t i = 0; i < value.size();) {
    if (IsPlain(value[i])) {  // the common case, without decoding
      ++i;
      continue;
    }
    const Piece piece = NextPiece(value, i);
    if (piece.replaced) return true;
    i += piece.consumed;
  }
  return false;
}

}  // namespace

std::string TlsVersionLabel(std::string_view openssl_name) {
  // SSL_get_version() names (OpenSSL 3, ssl/ssl_lib.c ssl_protocol_to_string).
  if (openssl_name == "TLSv1.3") return "TLS 1.3";
  if (openssl_name == "TLSv1.2") return "TLS 1.2";
  if (openssl_name == "TLSv1.1") return "TLS 1.1";
  if (openssl_name == "TLSv1") return "TLS 1.0";
  if (openssl_name == "SSLv3") return "SSL 3.0";
  return std::string(openssl_name);
}

std::string_view BoundLabelValue(std::string_view value, std::string& scratch, std::size_t max_bytes) {
  if (!NeedsRepair(value, max_bytes)) return value;
  scratch.clear();
  if (value.size() <= max_bytes && AppendRepaired(value, scratch, max_bytes) == value.size()) return scratch;
  // Too long: render again leaving room for the marker.
  scratch.clear();
  const std::size_t reserve = TruncationMarkerMaxSize(value.size(), "byte");
  const std::size_t shown = AppendRepaired(value, scratch, max_bytes > reserve ? max_bytes - reserve : 0);
  scratch += TruncationMarker(value.size() - shown, "byte");
  return scratch;
}

namespace {

// Names: a sized range of strings (a vector, a certificate's TextList).
template <typename Names>
void AssignNames(const Names& names, std::string& out) {
  constexpr std::size_t kMax = model::budget::kDnsNamesLabelBytes.value;
  std::string scratch;
  // Appends "name," for whole names while `out` stays within `limit`;
  // returns how many names were written.
  const auto append_names = [&](std::size_t limit) {
    std::size_t count = 0;
    for (const auto& name : names) {
      const std::string_view shown = BoundLabelValue(name, scratch, kMax);
      if (out.size() + shown.size() + 1 > limit) break;  // "name,"
      out.append(shown).push_back(',');
      ++count;
    }
    return count;
  };
  out.clear();
  if (names.empty()) return;
  out.push_back(',');
  std::size_t written = append_names(kMax);
  if (written == names.size()) return;
  // Too many: write again leaving room for ",…[truncated N names],".
  out.resize(1);
  const std::size_t reserve = TruncationMarkerMaxSize(names.size(), "name") + 1;
  written = append_names(kMax - reserve);
  out.append(TruncationMarker(names.size() - written, "name")).push_back(',');
}

}  // namespace

std::string DnsNamesLabel(const std::vector<std::string>& names) {
  std::string out;
  AssignNames(names, out);
  return out;
}

void AssignDnsNamesLabel(const model::TextList& names, std::string& out) { AssignNames(names, out); }

}  // namespace lde::metrics
