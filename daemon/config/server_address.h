#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "config/config.h"

namespace lde::config {

// Parses a DNS server as written in `resolvers.<name>.servers`: "ip",
// "ip:port", "ipv6", "[ipv6]" or "[ipv6]:port". The address must be numeric
// (a resolver cannot need a resolver); the port defaults to 53 and must be
// 1-65535. The address is stored in canonical inet_ntop form, without
// brackets. Errors are kConfig with a message naming the problem.
Result<ResolverConfig::Server> ParseServerAddress(std::string_view text);

// Parses a decimal port 1-65535; a kConfig error otherwise.
Result<std::uint16_t> ParsePort(std::string_view text);

}  // namespace lde::config
