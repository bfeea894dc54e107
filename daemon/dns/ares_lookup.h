#pragma once

#include <string>
#include <vector>

#include "common/deadline.h"
#include "common/result.h"
#include "config/config.h"

namespace lde::dns::detail {

// One A+AAAA lookup on a fresh c-ares channel, driven with poll(2) until it
// completes or `deadline` passes (then the query is cancelled: kTimeout).
// With no `servers`, c-ares reads /etc/resolv.conf and /etc/hosts; with
// servers, only they are asked, without hosts file or search domains.
Result<std::vector<std::string>> AresLookup(const std::string& host,
                                            const std::vector<config::ResolverConfig::Server>& servers,
                                            const Deadline& deadline);

}  // namespace lde::dns::detail
