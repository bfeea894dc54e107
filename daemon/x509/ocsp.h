#pragma once

// OCSP responses (RFC 6960), e.g. the one a TLS server staples (RFC 6066 8):
// checking one certificate's status. No OpenSSL type appears here; pure and
// thread-safe.

#include "common/clock.h"
#include "model/observations.h"
#include "x509/revocation_check.h"

namespace lde::x509 {

// Judges the DER OCSPResponse `response` for `cert`, issued by `issuer`, at
// time `now`:
//  - kInvalid when it does not decode, its responseStatus is not successful
//    (RFC 6960 4.2.1), it is not a basic response, holds no SingleResponse
//    for this certificate's CertID (any hash algorithm), its signature does
//    not verify, its signer is neither `issuer` nor a responder `issuer`
//    delegated to (issued by it, with the id-kp-OCSPSigning EKU, valid at
//    `now`: RFC 6960 4.2.2.2), its thisUpdate is in the future, or it is
//    stale: nextUpdate passed, or with no nextUpdate, thisUpdate older than
//    a day (both with kRevocationClockSkew);
//  - otherwise the certStatus: kGood, kRevoked (revoked_at, reason in
//    detail) or kUnknown. this_update / next_update are set whenever the
//    matching SingleResponse was found.
RevocationCheck CheckOcspResponse(const model::Der& response, const model::Der& cert,
                                  const model::Der& issuer, SysTime now);

}  // namespace lde::x509
