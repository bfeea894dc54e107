#pragma once

#include <string>

#include "common/deadline.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Resolves `host` with the named resolver view ("" = system) and records the
// outcome as plain data, failure included. At most
// global.max_addresses_per_name addresses are kept; the rest are counted in
// DnsOutcome::addresses_skipped.
model::DnsOutcome Lookup(const ProbeEnv& env, const std::string& resolver, const std::string& host,
                         const Deadline& deadline);

}  // namespace lde::probe
