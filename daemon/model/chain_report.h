#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/cert_facts.h"

namespace lde::model {

// Why a chain is or is not trusted by one store. Names are a metrics contract
// (label `reason` of lyncdiscover_chain_trusted); add, never rename.
enum class TrustReason {
  kOk,
  kExpired,
  kNotYetValid,
  kUnknownIssuer,
  kSelfSigned,
  kIncompleteChain,  // would verify with an intermediate the server did not send
  kRevoked,
  kOther,
  kChainTruncated,  // no anchor within the certificates kept of an overlong chain
};

std::string_view TrustReasonName(TrustReason reason);

struct TrustVerdict {
  std::string store;  // trust store name from the config
  TrustReason reason = TrustReason::kOther;
  int verify_error = 0;  // OpenSSL X509_V_ERR_* code, 0 when trusted
  std::string detail;    // X509_verify_cert_error_string + depth

  bool trusted() const { return reason == TrustReason::kOk; }
  bool operator==(const TrustVerdict&) const = default;
};

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

// What fetching a missing issuer from the AIA caIssuers URL of the last
// presented certificate gave (only tried when the presented chain reaches no
// anchor for want of an issuer). Names are a metrics contract (label `status`
// of lyncdiscover_aia_fetch_status): without them a refused or failing AIA
// server would only show as an unexplained `unknown_issuer`.
enum class IssuerFetchStatus {
  kFetched,         // certificates came back (from the server or the cache)
  kNoUrl,           // the certificate names no http caIssuers URL
  kUnavailable,     // the fetch failed: DNS, connect, timeout, HTTP status, too large
  kInvalid,         // the answer held no certificate
  kAddressRefused,  // the URL resolves to an address the probe never fetches
};

inline std::string_view IssuerFetchStatusName(IssuerFetchStatus status) {
  switch (status) {
    case IssuerFetchStatus::kFetched:
      return "fetched";
    case IssuerFetchStatus::kNoUrl:
      return "no_url";
    case IssuerFetchStatus::kUnavailable:
      return "unavailable";
    case IssuerFetchStatus::kInvalid:
      return "invalid";
    case IssuerFetchStatus::kAddressRefused:
      return "address_refused";
  }
  return "unavailable";
}

struct IssuerFetchReport {
  IssuerFetchStatus status = IssuerFetchStatus::kNoUrl;
  std::string url;     // the last URL tried, "" if none
  std::string detail;  // why it failed, "reason: text"

  bool operator==(const IssuerFetchReport&) const = default;
};

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

struct ChainReport {
  std::vector<CertFacts> certs;               // presented chain, position 0 = leaf
  std::vector<TrustVerdict> trust;            // one per judged store, config order
  bool hostname_match = false;                // leaf matches the expected name (RFC 6125)
  bool complete = false;                      // every intermediate needed is presented
  bool ordered = false;                       // each cert is issued by the next one
  std::optional<SysTime> earliest_not_after;  // over the presented chain
  // Revocation (observe-then-judge: the probe fetched, analysis judged at
  // `now`). A revoked staple or CRL entry turns every trust verdict into
  // kRevoked.
  OcspStapleReport ocsp_staple;  // of the leaf
  std::vector<CrlReport> crl;    // one per presented certificate, position 0 = leaf

  bool operator==(const ChainReport&) const = default;
};

}  // namespace lde::model
