#pragma once

// What checking one certificate against one piece of revocation evidence (a
// CRL or an OCSP response) found. Plain data, shared by crl.h and ocsp.h.

#include <chrono>
#include <optional>
#include <string>

#include "common/clock.h"

namespace lde::x509 {

enum class RevocationVerdict {
  kGood,
  kRevoked,
  kUnknown,  // OCSP only: the responder does not know the certificate
  kInvalid,  // the evidence cannot be relied on (see detail)
};

struct RevocationCheck {
  RevocationVerdict verdict = RevocationVerdict::kInvalid;
  // Set whenever the evidence decoded, even when it is invalid (e.g. stale).
  std::optional<SysTime> this_update;
  std::optional<SysTime> next_update;
  std::optional<SysTime> revoked_at;  // kRevoked only
  std::string detail;                 // why invalid, or the revocation reason

  bool operator==(const RevocationCheck&) const = default;
};

// Clock skew allowed on thisUpdate / nextUpdate, as OpenSSL's ocsp tool
// allows by default (5 minutes): a responder a little ahead of us is not
// "from the future", a CRL a little past nextUpdate is not yet stale.
inline constexpr std::chrono::minutes kRevocationClockSkew{5};

// "2031-03-15T12:00:00Z", for detail texts.
std::string FormatUtc(SysTime t);

}  // namespace lde::x509
