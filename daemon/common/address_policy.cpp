#include "common/address_policy.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "common/ip_literal.h"

namespace lde {
namespace {

using Bytes16 = std::array<std::uint8_t, 16>;

// Instance metadata services: the SSRF target that matters most (credentials).
constexpr std::uint32_t kMetadataV4 = 0xA9FEA9FE;  // 169.254.169.254
constexpr std::uint32_t kAlibabaV4 = 0x646464C8;   // 100.100.100.200
constexpr Bytes16 kAwsMetadataV6 = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};

// `a` in host byte order. RFC 6890 special-purpose registry.
AddressClass ClassifyV4(std::uint32_t a) {
  if (a == kMetadataV4 || a == kAlibabaV4) return AddressClass::kMetadata;
  if ((a >> 24) == 0) return AddressClass::kUnspecified;
  if ((a >> 24) == 127) return AddressClass::kLoopback;
  if ((a >> 16) == 0xA9FE) return AddressClass::kLinkLocal;
  if (a == 0xFFFFFFFF) return AddressClass::kBroadcast;
  if ((a >> 28) == 0xE) return AddressClass::kMulticast;
  return AddressClass::kOrdinary;
}

bool AllZero(const Bytes16& b, std::size_t from, std::size_t to) {
  return std::all_of(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(to),
                     [](std::uint8_t x) { return x == 0; });
}

std::uint32_t LastFourBytes(const Bytes16& b) {
  return (std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) | (std::uint32_t{b[14]} << 8) | b[15];
}

AddressClass ClassifyV6(const Bytes16& b) {
  if (b == kAwsMetadataV6) return AddressClass::kMetadata;
  if (AllZero(b, 0, 12)) {  // ::, ::1, or IPv4-compatible (RFC 4291 2.5.5.1)
    if (AllZero(b, 12, 16)) return AddressClass::kUnspecified;
    if (LastFourBytes(b) == 1) return AddressClass::kLoopback;
    return ClassifyV4(LastFourBytes(b));
  }
  const bool mapped = AllZero(b, 0, 10) && b[10] == 0xff && b[11] == 0xff;  // RFC 4291 2.5.5.2
  const bool nat64 =
      b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && AllZero(b, 4, 12);  // RFC 6052
  if (mapped || nat64) return ClassifyV4(LastFourBytes(b));
  if (b[0] == 0xff) return AddressClass::kMulticast;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;
  return AddressClass::kOrdinary;
}

}  // namespace

std::string_view AddressClassName(AddressClass kind) {
  switch (kind) {
    case AddressClass::kOrdinary:
      return "ordinary";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kBroadcast:
      return "broadcast";
    case AddressClass::kMetadata:
      return "cloud metadata";
    case AddressClass::kInvalid:
      return "not a numeric address";
  }
  return "not a numeric address";
}

AddressClass ClassifyAddress(std::string_view address) {
  // Brackets and an IPv6 zone do not change the class.
  const std::optional<IpAddress> ip = ParseIpHost(address);
  if (!ip) return AddressClass::kInvalid;
  if (ip->v6) return ClassifyV6(ip->bytes);
  const Bytes16& b = ip->bytes;  // IPv4 in the first four bytes, network order
  return ClassifyV4((std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
                    b[3]);
}

std::optional<Error> RefuseLinkedAddress(std::string_view address, std::string_view source) {
  const AddressClass kind = ClassifyAddress(address);
  if (kind == AddressClass::kOrdinary) return std::nullopt;
  const bool source_on_loopback = ClassifyAddress(source) == AddressClass::kLoopback;
  if (kind == AddressClass::kLoopback && source_on_loopback) return std::nullopt;
  std::string detail = "refused " + std::string(address) + " (" + std::string(AddressClassName(kind)) +
                       "), named by the server at " + std::string(source);
  if (kind == AddressClass::kLoopback) detail += ", which is not on loopback";
  return Error{ErrorKind::kAddressRefused, std::move(detail)};
}

}  // namespace lde
