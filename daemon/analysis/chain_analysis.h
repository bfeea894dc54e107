#pragma once

// Judges a presented certificate chain: facts per certificate, a trust
// verdict per trust store, host name, completeness and order. Pure (a
// function of its input and `now`) and thread-safe.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "model/chain_report.h"
#include "model/observations.h"
#include "x509/hostname.h"
#include "x509/trust_store.h"

namespace lde::analysis {

// One CRL distribution point the probe tried for a presented certificate.
struct CrlFetch {
  std::size_t position = 0;  // presented certificate it is for (0 = leaf)
  std::string url;
  std::optional<model::Der> crl;  // the bytes served (DER or PEM); nullopt: fetch failed
  std::string error;              // why the fetch failed

  bool operator==(const CrlFetch&) const = default;
};

// One live OCSP query the probe made for a presented certificate: the
// request it POSTed (its nonce) and what the responder answered.
struct OcspFetch {
  std::size_t position = 0;  // presented certificate it is for (0 = leaf)
  std::string url;
  model::Der request;  // the DER OCSPRequest sent; empty: nothing to compare the nonce with
  // The body of an HTTP 200 answer (empty when it was not an OCSP response);
  // nullopt: the query failed.
  std::optional<model::Der> response;
  std::string error;  // why the query failed, "reason: detail"

  bool operator==(const OcspFetch&) const = default;
};

struct ChainInput {
  std::vector<model::Der> presented;                            // as sent, leaf first
  std::vector<std::shared_ptr<const x509::TrustStore>> stores;  // judged in this order
  std::string expected_host;                                    // SNI / hostname to match
  SysTime now;
  std::vector<model::Der> fetched_issuers;  // from AIA caIssuers, may be empty
  x509::HostnameMode hostname_mode = x509::HostnameMode::kRfc6125;
  std::optional<model::Der> ocsp_staple;  // TlsObservation::ocsp_staple
  std::vector<CrlFetch> crls;             // what the probe fetched; may be empty
  std::vector<OcspFetch> ocsp;            // live OCSP queries the probe made; may be empty
  bool presented_truncated = false;       // TlsObservation::chain_truncated
};

// Error kCertificateParse when `presented` is empty or any presented
// certificate does not decode (naming its position). A real capture never
// holds one: libssl rejects a Certificate message with an undecodable entry
// (RFC 8446 4.4.2), and refusing keeps report.certs[i] == presented[i], which
// the metrics' `position` label relies on. Error kInternal for a null store.
//
// Revocation (JudgeRevocation in revocation.h) fills ocsp_staple, crl, ocsp
// and revocation_urls from in.ocsp_staple, in.crls and in.ocsp; a revoked
// certificate turns every store's verdict into kRevoked, whatever it was.
//
// Per store, the verdict is VerifyChain's first error classified by
// ClassifyVerifyError, except that an unknown-issuer failure becomes
// kIncompleteChain when the chain verifies against the same store once the
// fetched issuers are added as untrusted intermediates: what a browser that
// fetches AIA accepts and a phone, which does not, rejects. Undecodable
// fetched issuers are ignored. When the server sent more certificates than
// were kept (presented_truncated), an unknown-issuer or incomplete-chain
// failure becomes kChainTruncated: the anchor may be in the part dropped, so
// blaming the issuer would mislead. Other failures (expired, ...) stand.
//
// complete: the last presented cert is self-issued or is issued by an anchor
// of at least one store. ordered: each cert is issued (name and signature) by
// the next one. hostname_match: MatchesHostname(leaf, expected_host, mode).
Result<model::ChainReport> AnalyzeChain(const ChainInput& in);

// X509_V_ERR_* → reason (pure mapping): expired, not yet valid (any depth),
// self-signed (leaf or in chain), unknown issuer (issuer missing or leaf
// signature unverifiable), revoked, X509_V_OK → kOk, anything else kOther.
model::TrustReason ClassifyVerifyError(int x509_v_err);

}  // namespace lde::analysis
