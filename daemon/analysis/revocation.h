#pragma once

// Revocation, judged (observe-then-judge): the probe captured the OCSP
// staple, fetched CRLs and asked OCSP responders; these pure functions judge
// them at in.now.
// Thread-safe.

#include <cstddef>
#include <optional>

#include "analysis/chain_analysis.h"
#include "model/chain_report.h"

namespace lde::analysis {

// The issuer of presented certificate `position`: the next presented
// certificate, any other presented one, a fetched AIA issuer, or an anchor
// of a judged store, whichever is first to match by name and signature.
std::optional<model::Der> FindIssuer(const ChainInput& in, std::size_t position);

// The leaf's stapled OCSP response: kNone without a staple; kInvalid when it
// fails CheckOcspResponse (see x509/ocsp.h) or the leaf's issuer is not at
// hand; else its certStatus. Dates are kept only for a valid response.
model::OcspStapleReport JudgeOcspStaple(const ChainInput& in);

// One report per presented certificate (report.certs must be filled):
// kNotChecked for a self-issued certificate or when the probe fetched
// nothing for it; kUnavailable when every fetch failed; otherwise the first
// fetched CRL judged by CheckCrl (kInvalid also when the issuer is not at
// hand). next_update only for a CRL that verified. When `urls` is given, a
// kCrl entry is appended for each certificate whose CRL was tried: up when
// what it served decoded as a CRL.
std::vector<model::CrlReport> JudgeCrls(const ChainInput& in, const std::vector<model::CertRef>& certs,
                                        std::vector<model::RevocationUrlReport>* urls = nullptr);

// Live OCSP (live_ocsp.cpp), one report per presented certificate:
// kNotChecked when the probe asked nothing for it (the detail says why: no
// http responder URL, self-issued, the leaf's valid `staple`, no issuer at
// hand); kUnavailable when every query failed; otherwise the first answer
// judged by CheckOcspAnswer (signer, freshness, CertID, nonce) against the
// certificate's issuer (kInvalid also when it is not at hand). Dates only
// for a valid answer. When `urls` is given, a kOcsp entry is appended for
// each certificate whose responder was asked: up when the answer verified.
std::vector<model::OcspReport> JudgeLiveOcsp(const ChainInput& in, const std::vector<model::CertRef>& certs,
                                             const model::OcspStapleReport& staple,
                                             std::vector<model::RevocationUrlReport>* urls = nullptr);

// Fills report.ocsp_staple, report.crl, report.ocsp and
// report.revocation_urls, then, when the staple, a live OCSP answer or any
// CRL says revoked, makes every trust verdict kRevoked (verify error
// X509_V_ERR_CERT_REVOKED): revocation beats trust. Unavailable, unknown or
// invalid evidence never changes a verdict (clients soft-fail).
void JudgeRevocation(const ChainInput& in, model::ChainReport& report);

}  // namespace lde::analysis
