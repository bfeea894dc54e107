#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "config/config.h"

namespace lde::config {

struct TargetUrl {
  TargetScheme scheme = TargetScheme::kTls;
  std::string host;  // lower case; IPv6 without brackets
  std::uint16_t port = 0;
  std::string path = "/";  // https only: path and query
  bool host_is_ip = false;

  bool operator==(const TargetUrl&) const = default;
};

// Parses a target URL: "tls://host:port" (the port is required, no path) or
// "https://host[:port][/path][?query]" (port 443 by default). The host is a
// DNS name, an IPv4 literal or a bracketed IPv6 literal. Rejected with a
// kConfig error: other schemes, userinfo ("user@"), a missing host, a missing
// or bad port, port 0 or above 65535, a fragment, whitespace.
Result<TargetUrl> ParseTargetUrl(std::string_view url);

}  // namespace lde::config
