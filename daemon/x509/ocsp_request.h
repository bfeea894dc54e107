#pragma once

// Live OCSP (RFC 6960): the request the probe sends to the responder a
// certificate's AIA names, and the checks only such an answer needs (the
// nonce). No OpenSSL type appears here; pure apart from the nonce's random
// bytes, and thread-safe.

#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "model/observations.h"
#include "x509/revocation_check.h"

namespace lde::x509 {

struct OcspRequest {
  model::Der der;           // the DER OCSPRequest to POST
  std::string cert_id_hex;  // the CertID (lowercase hex of its DER): names the question, for caches
};

// An unsigned request for `cert`, issued by `issuer`, with one CertID hashed
// with SHA-1 (RFC 5019 2.1.1: what every responder answers, the lightweight
// profile's CAs included) and a fresh random 16-byte nonce (RFC 6960 4.4.1,
// RFC 8954's recommended size). Error kCertificateParse when either
// certificate does not decode, kInternal when OpenSSL fails.
Result<OcspRequest> BuildOcspRequest(const model::Der& cert, const model::Der& issuer);

// Whether `bytes` are exactly one DER OCSPResponse, of any responseStatus:
// what a responder that answers at all sends (anything else is junk).
bool IsOcspResponse(const model::Der& bytes);

// How the nonce of a response compares with that of the request it answers.
enum class OcspNonceMatch {
  kEqual,          // both carry the same nonce
  kMissing,        // the request carried one, the response does not (responders that pre-sign omit it)
  kNoneRequested,  // the request carried none (whatever the response carries)
  kDifferent,      // both carry one and they differ: an answer to another request (a replay)
  kUndecodable,    // the request or the response does not decode
};

OcspNonceMatch CheckOcspNonce(const model::Der& request, const model::Der& response);

// CheckOcspResponse (x509/ocsp.h) for the answer to `request`, then the
// nonce: kInvalid when it differs from the request's. A response without a
// nonce is accepted (RFC 5019 responders, and most CAs', pre-sign their
// answers); so is an empty `request` (nothing to compare with).
RevocationCheck CheckOcspAnswer(const model::Der& response, const model::Der& request, const model::Der& cert,
                                const model::Der& issuer, SysTime now);

}  // namespace lde::x509
