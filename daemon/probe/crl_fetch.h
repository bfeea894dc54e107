#pragma once

#include <string>
#include <vector>

#include "analysis/chain_analysis.h"
#include "common/deadline.h"
#include "model/chain_report.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Observe, not judge: fetches the CRL of each presented certificate (the
// first kMaxCrlPositions that are not self-issued) from its CRL distribution
// points, plain http only (RFC 5280 4.2.1.13: CDPs are http or ldap; https
// would need the very trust being checked), at most two URLs per
// certificate, at most 1 MiB each, within 3 s per URL and 5 s in all (and
// never past `deadline`). The first URL that serves HTTP 200 wins, whatever
// its bytes: analysis judges them. Every failed URL is recorded with its
// error, so that "unavailable" can say why.
//
// Results are cached in env.crls: a CRL until its nextUpdate, at least kCrlFailureTtl and at most
// an hour; a failure for kCrlFailureTtl. Times come from env.clock.
std::vector<analysis::CrlFetch> FetchCrls(const model::ChainReport& chain, const std::string& resolver,
                                          const ProbeEnv& env, const Deadline& deadline);

inline constexpr std::size_t kMaxCrlPositions = 4;
inline constexpr std::size_t kMaxCrlBytes = 1024 * 1024;
inline constexpr std::chrono::minutes kCrlFailureTtl{5};

}  // namespace lde::probe
