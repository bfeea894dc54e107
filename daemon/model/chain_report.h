#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/cert_ref.h"
#include "model/interned_text.h"
#include "model/per_position.h"
#include "model/revocation_report.h"
#include "model/sparse.h"

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
  InternedText store;  // trust store name from the config
  TrustReason reason = TrustReason::kOther;
  int verify_error = 0;  // OpenSSL X509_V_ERR_* code, 0 when trusted
  InternedText detail;   // X509_verify_cert_error_string + depth

  bool trusted() const { return reason == TrustReason::kOk; }
  bool operator==(const TrustVerdict&) const = default;
};

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

struct ChainReport {
  std::vector<CertRef> certs;                 // presented chain, position 0 = leaf
  std::vector<TrustVerdict> trust;            // one per judged store, config order
  bool hostname_match = false;                // leaf matches the expected name (RFC 6125)
  bool complete = false;                      // every intermediate needed is presented
  bool ordered = false;                       // each cert is issued by the next one
  std::optional<SysTime> earliest_not_after;  // over the presented chain
  // Revocation (observe-then-judge: the probe fetched, analysis judged at
  // `now`; see model/revocation_report.h). A revoked staple, CRL entry or
  // live OCSP answer turns every trust verdict into kRevoked.
  // Of the leaf; most servers staple nothing (88 bytes inline per endpoint).
  Sparse<OcspStapleReport> ocsp_staple;
  PerPosition<CrlReport> crl;    // one per presented certificate, position 0 = leaf
  PerPosition<OcspReport> ocsp;  // live queries, one per presented certificate
  // CRL and OCSP URLs the probe tried, in position order (CRL before OCSP).
  std::vector<RevocationUrlReport> revocation_urls;

  bool operator==(const ChainReport&) const = default;
};

}  // namespace lde::model
