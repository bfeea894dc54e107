#pragma once

#include <string>
#include <vector>

#include "common/deadline.h"
#include "model/chain_report.h"
#include "probe/probe_env.h"

namespace lde::probe {

struct IssuerFetch {
  std::vector<model::Der> certs;  // what could be fetched, possibly nothing
  model::IssuerFetchReport report;
};

// Fetches the issuer of the last presented certificate from its AIA
// caIssuers URLs (plain http only, as CAs publish them; at most two URLs,
// at most 3 s), through the cache (env.issuers: the certificates, or the
// error text of a failure, for an hour). `source` is the address of the
// server that presented the chain: a URL resolving to an address
// RefuseLinkedAddress refuses is not fetched. A failed fetch only means the
// chain stays "unknown issuer"; the report says why, for the operator.
IssuerFetch FetchMissingIssuers(const model::ChainReport& chain, const std::string& resolver,
                                const std::string& source, const ProbeEnv& env, const Deadline& deadline);

}  // namespace lde::probe
