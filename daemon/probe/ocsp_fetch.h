#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "analysis/chain_analysis.h"
#include "common/deadline.h"
#include "model/budgets.h"
#include "model/chain_report.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Observe, not judge: asks the OCSP responder named in the AIA of each
// presented certificate (the first kMaxOcspPositions that are not
// self-issued; the leaf only when it has no valid staple, which is what a
// client would use instead) about that certificate, plain http only (RFC
// 6960 A.1), at most two URLs per certificate, at most kMaxOcspBytes per
// answer, within 3 s per URL and 5 s in all (never past `deadline`).
//
// The request (x509::BuildOcspRequest: SHA-1 CertID, random nonce) is
// POSTed as application/ocsp-request. POST, not GET: the nonce makes every
// request unique, so GET's one advantage, answers that HTTP caches can
// share, is gone anyway, and POST needs no base64 and percent-encoding of
// the request into the path (RFC 6960 A.1 requires responders to take both).
// The certificate's issuer comes from analysis::FindIssuer(input, position):
// without one no request can be built and nothing is asked. `source` is the
// address of the server that presented the chain (RefuseLinkedAddress
// applies, error "address_refused: ..."). The first URL that answers HTTP 200
// wins, whatever its bytes: analysis judges them (bytes that are not an OCSP
// response reach it as an empty body, judged invalid).
//
// Answers are cached in env.ocsp, keyed by responder URL and CertID, with
// the request they answer (for the nonce check): one that verifies
// (x509::CheckOcspAnswer at env.clock's time) until its nextUpdate, at least
// kOcspFailureTtl and at most an hour; one that does not, or junk (without
// its bytes), or a failure, for kOcspFailureTtl. An address refusal is not
// cached (it depends on who named the URL).
std::vector<analysis::OcspFetch> FetchOcsp(const analysis::ChainInput& input, const model::ChainReport& chain,
                                           const std::string& resolver, const std::string& source,
                                           const ProbeEnv& env, const Deadline& deadline);

inline constexpr std::size_t kMaxOcspPositions = 4;
inline constexpr std::size_t kMaxOcspBytes = model::budget::kOcspResponseBytes.value;
inline constexpr std::chrono::minutes kOcspFailureTtl{5};

}  // namespace lde::probe
