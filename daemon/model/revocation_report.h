#pragma once

// Revocation evidence about a presented chain, as judged by analysis/ at the
// probe's `now`: the stapled OCSP response, CRLs, live OCSP answers, and
// whether the URLs the certificates name answered at all.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace lde::model {

// RFC 6960 status of the OCSP response the server stapled, as judged at the
// probe's `now`. Names are a metrics contract (label `status` of
// lyncdiscover_ocsp_staple_status); add, never rename.
enum class OcspStapleStatus {
  kNone,  // no staple
  kGood,
  kRevoked,
  kUnknown,  // the responder does not know the certificate
  kInvalid,  // undecodable, unsuccessful, badly signed, for another certificate, or stale
};

inline std::string_view OcspStapleStatusName(OcspStapleStatus status) {
  switch (status) {
    case OcspStapleStatus::kNone:
      return "none";
    case OcspStapleStatus::kGood:
      return "good";
    case OcspStapleStatus::kRevoked:
      return "revoked";
    case OcspStapleStatus::kUnknown:
      return "unknown";
    case OcspStapleStatus::kInvalid:
      return "invalid";
  }
  return "invalid";
}

// CRL status of one presented certificate (RFC 5280 6.3). Names are a
// metrics contract (label `status` of lyncdiscover_crl_status).
enum class CrlStatus {
  kNotChecked,  // no http CRL distribution point (or a self-issued root)
  kGood,
  kRevoked,
  kUnavailable,  // the CRL could not be fetched: reported, never fails trust
  kInvalid,      // undecodable, not signed by the issuer, or stale
};

inline std::string_view CrlStatusName(CrlStatus status) {
  switch (status) {
    case CrlStatus::kNotChecked:
      return "not_checked";
    case CrlStatus::kGood:
      return "good";
    case CrlStatus::kRevoked:
      return "revoked";
    case CrlStatus::kUnavailable:
      return "unavailable";
    case CrlStatus::kInvalid:
      return "invalid";
  }
  return "invalid";
}

// Status of one presented certificate from a live OCSP query to the
// responder its AIA names (RFC 6960), judged at the probe's `now`. Names are
// a metrics contract (label `status` of lyncdiscover_ocsp_status); add, never
// rename. `not_checked` as for CRLs: not asked (no http responder URL, a
// self-issued root, the issuer not at hand, or the leaf already has a valid
// staple, which is what a client would use).
enum class OcspStatus {
  kNotChecked,
  kGood,
  kRevoked,
  kUnknown,      // the responder does not know the certificate
  kUnavailable,  // no answer: DNS, connect, timeout, HTTP status, too large, address refused
  kInvalid,      // undecodable, unsuccessful, badly signed, wrong nonce, for another certificate, or stale
};

inline std::string_view OcspStatusName(OcspStatus status) {
  switch (status) {
    case OcspStatus::kNotChecked:
      return "not_checked";
    case OcspStatus::kGood:
      return "good";
    case OcspStatus::kRevoked:
      return "revoked";
    case OcspStatus::kUnknown:
      return "unknown";
    case OcspStatus::kUnavailable:
      return "unavailable";
    case OcspStatus::kInvalid:
      return "invalid";
  }
  return "invalid";
}

// The kinds of URL a certificate names for its checking (RFC 5280 4.2.1.13,
// 4.2.2.1). Names are a metrics contract (label `kind` of
// lyncdiscover_revocation_url_up and _info).
enum class RevocationUrlKind {
  kCrl,        // CRL distribution point
  kOcsp,       // AIA OCSP responder
  kCaIssuers,  // AIA caIssuers (fetched only when the chain lacks an issuer)
};

inline std::string_view RevocationUrlKindName(RevocationUrlKind kind) {
  switch (kind) {
    case RevocationUrlKind::kCrl:
      return "crl";
    case RevocationUrlKind::kOcsp:
      return "ocsp";
    case RevocationUrlKind::kCaIssuers:
      return "ca_issuers";
  }
  return "crl";
}

struct OcspStapleReport {
  OcspStapleStatus status = OcspStapleStatus::kNone;
  std::optional<SysTime> this_update;  // set whenever the response was validly signed
  std::optional<SysTime> next_update;
  std::optional<SysTime> revoked_at;
  std::string detail;  // why invalid, or the revocation reason

  bool operator==(const OcspStapleReport&) const = default;
};

struct CrlReport {
  CrlStatus status = CrlStatus::kNotChecked;
  std::string url;                     // the distribution point judged, "" if none
  std::optional<SysTime> next_update;  // of a CRL that verified (good or revoked)
  std::optional<SysTime> revoked_at;
  std::string detail;  // fetch error, why invalid, or the revocation reason

  bool operator==(const CrlReport&) const = default;
};

struct OcspReport {
  OcspStatus status = OcspStatus::kNotChecked;
  std::string url;                     // the responder judged, "" if none was asked
  std::optional<SysTime> this_update;  // of a valid response only
  std::optional<SysTime> next_update;
  std::optional<SysTime> revoked_at;
  std::string detail;  // why not checked, the fetch error, why invalid, or the revocation reason

  bool operator==(const OcspReport&) const = default;
};

// Whether one URL a presented certificate names answered with what it is
// for: a CRL that decoded, an OCSP response that decoded and verified (any
// certStatus). One per (position, kind) that was tried: the URL that
// answered, else the first that failed; cached outcomes count as fetched.
struct RevocationUrlReport {
  std::size_t position = 0;  // presented certificate naming it, 0 = leaf
  RevocationUrlKind kind = RevocationUrlKind::kCrl;
  std::string url;
  bool up = false;

  bool operator==(const RevocationUrlReport&) const = default;
};

}  // namespace lde::model
