#pragma once

// Offline path validation (RFC 5280 6) of a presented chain against one trust
// store at a chosen time. Pure and thread-safe.

#include <string>
#include <vector>

#include "common/clock.h"
#include "model/observations.h"
#include "x509/trust_store.h"
#include "x509/verify_error.h"

namespace lde::x509 {

struct VerifyOutcome {
  bool ok = false;
  int error = 0;        // X509_V_ERR_* (0 = X509_V_OK); see verify_error.h
  int error_depth = 0;  // position in the built chain (0 = leaf)
  std::string error_string;
};

// Verifies presented[0] (the leaf) with presented[1..] and extra_untrusted as
// untrusted intermediates, anchors from `store`, the "ssl_server" purpose and
// policy as a TLS client uses, and the check time `now`. No AIA fetching, no
// revocation check, no host check (see hostname.h).
//
// Only OpenSSL's FIRST error is reported, because OpenSSL stops there: it
// builds the chain before it checks signatures and dates, so an expired leaf
// under an unknown root reports the issuer problem (the more fundamental one:
// no date fix makes that chain trusted), and among dates the topmost expired
// certificate is reported first. An empty or undecodable leaf gives
// error X509_V_ERR_UNSPECIFIED; undecodable intermediates are ignored.
VerifyOutcome VerifyChain(const std::vector<model::Der>& presented, const TrustStore& store, SysTime now,
                          const std::vector<model::Der>& extra_untrusted = {});

// True when `issuer`'s subject equals `cert`'s issuer name and `issuer`'s key
// verifies `cert`'s signature (RFC 5280 6.1.3 (a)(1) and (a)(4)); no date or
// extension checks. False when either is not a certificate.
bool IsIssuedBy(const model::Der& cert, const model::Der& issuer);

}  // namespace lde::x509
