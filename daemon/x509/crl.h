#pragma once

// Certificate revocation lists (RFC 5280 5): decoding and checking one
// certificate against a complete CRL. No OpenSSL type appears here; pure and
// thread-safe.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "model/observations.h"
#include "x509/revocation_check.h"

namespace lde::x509 {

struct CrlFacts {
  model::Der der;      // the CRL re-encoded as DER
  std::string issuer;  // RFC 2253 one-line form
  SysTime this_update{};
  std::optional<SysTime> next_update;  // RFC 5280 5.1.2.5 requires it; some CAs omit it
  std::size_t revoked_count = 0;

  bool operator==(const CrlFacts&) const = default;
};

// What a CRL distribution point serves: DER (application/pkix-crl, RFC 5280
// 4.2.1.13) or the same in PEM ("X509 CRL"). Error kCertificateParse when the
// bytes are not exactly one CRL.
Result<CrlFacts> DecodeCrl(std::string_view bytes);

// Checks `cert` against `crl` (DER or PEM), which `issuer` must have signed,
// at time `now` (RFC 5280 6.3.3, for a complete, direct CRL):
//  - kInvalid when the CRL does not decode, names another issuer, carries a
//    critical extension we do not process (e.g. a delta CRL's), is not
//    signed by `issuer`'s key, `issuer` has a keyUsage without cRLSign, its
//    thisUpdate is in the future, or its nextUpdate has passed (both with
//    kRevocationClockSkew);
//  - kRevoked when the certificate's serial is listed (revoked_at and the
//    reason code in detail), except entries "removeFromCRL";
//  - kGood otherwise. A CRL without nextUpdate is accepted, as OpenSSL does.
RevocationCheck CheckCrl(std::string_view crl, const model::Der& cert, const model::Der& issuer, SysTime now);

}  // namespace lde::x509
