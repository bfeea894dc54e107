#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lde::http {

// A parsed --web.listen-address.
struct ListenAddress {
  std::string host;        // "" = every interface (IPv4 and IPv6); IPv6 without brackets
  std::uint16_t port = 0;  // 0 = ephemeral
  bool ipv6 = false;       // written in brackets

  bool operator==(const ListenAddress&) const = default;
};

// Accepts "host:port", ":port" (every IPv4 and IPv6 address), "[v6]:port" ("[::]"
// is dual-stack). A missing or non-numeric port, a port above 65535, an
// unbracketed IPv6 address or junk after "]" is an ErrorKind::kConfig.
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace lde::http
