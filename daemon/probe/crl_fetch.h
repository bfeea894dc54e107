#pragma once

#include <string>
#include <vector>

#include "analysis/chain_analysis.h"
#include "common/deadline.h"
#include "model/budgets.h"
#include "model/chain_report.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Observe, not judge: fetches the CRL of each presented certificate (the
// first kMaxCrlPositions that are not self-issued) from its CRL distribution
// points, plain http only (RFC 5280 4.2.1.13: CDPs are http or ldap; https
// would need the very trust being checked), at most two URLs per
// certificate, at most 1 MiB each, within 3 s per URL and 5 s in all (and
// never past `deadline`). `source` is the address of the server that
// presented the chain: a URL resolving to an address RefuseLinkedAddress
// refuses is not fetched (error "address_refused: ..."). The first URL that
// serves HTTP 200 wins, whatever its bytes: analysis judges them, and bytes
// that are not a CRL reach it as an empty body (judged invalid). Every failed
// URL is recorded with its error, so that "unavailable" can say why.
//
// Results are cached in env.crls: a CRL (re-encoded DER only) until its
// nextUpdate, at least kCrlFailureTtl and at most an hour; a failure, or an
// answer that is not a CRL (without its bytes), for kCrlFailureTtl. Times
// come from env.clock.
std::vector<analysis::CrlFetch> FetchCrls(const model::ChainReport& chain, const std::string& resolver,
                                          const std::string& source, const ProbeEnv& env,
                                          const Deadline& deadline);

inline constexpr std::size_t kMaxCrlPositions = 4;
inline constexpr std::size_t kMaxCrlBytes = model::budget::kCrlBytes.value;
inline constexpr std::chrono::minutes kCrlFailureTtl{5};

}  // namespace lde::probe
