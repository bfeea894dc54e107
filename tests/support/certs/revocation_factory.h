#pragma once

// Mints revocation evidence for tests: CRLs (RFC 5280 5) and OCSP responses
// (RFC 6960) signed by a MintedCert, dated by the caller. Test support only:
// failures throw std::runtime_error. Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/observations.h"
#include "support/certs/cert_factory.h"

namespace lde::testing {

// The certificate's serial as x509::DecodeCertificate reports it (lowercase
// hex), for MintCrl's revoked_serials.
std::string SerialHex(const MintedCert& cert);

struct CrlSpec {
  std::vector<std::string> revoked_serials;  // lowercase or uppercase hex
  SysTime this_update{};
  std::optional<SysTime> next_update;  // nullopt: omitted
  std::optional<SysTime> revoked_at;   // default: this_update - 1 day
  int reason = 1;                      // CRLReason (1 keyCompromise); -1 omits it
  bool delta = false;                  // add a (critical) deltaCRLIndicator
};

// A DER CRL whose issuer name is `issuer`'s subject, signed by its key.
model::Der MintCrl(const MintedCert& issuer, const std::vector<std::string>& revoked_serials,
                   SysTime this_update, std::optional<SysTime> next_update);
model::Der MintCrl(const MintedCert& issuer, const CrlSpec& spec);
// The same CRL as PEM ("X509 CRL").
std::string CrlToPem(const model::Der& crl);

enum class OcspCertStatus { kGood, kRevoked, kUnknown };

struct OcspSpec {
  OcspCertStatus status = OcspCertStatus::kGood;
  SysTime this_update{};
  std::optional<SysTime> next_update;  // nullopt: omitted
  std::optional<SysTime> revoked_at;   // default: this_update - 1 day
  // Who signs: nullptr = `issuer` itself; else e.g. a delegated responder
  // (its certificate is included in the response, as RFC 6960 4.2.2.2 needs).
  const MintedCert* signer = nullptr;
  std::string cert_id_digest = "sha1";  // CertID hash algorithm
  // The nonce extension (RFC 6960 4.4.1), absent by default: the nonce of
  // `answers` (a DER OCSPRequest), as a responder that honours nonces
  // copies it, and/or these bytes instead (a replayed or forged answer).
  const model::Der* answers = nullptr;
  std::optional<model::Der> nonce;
};

// A DER OCSPResponse (successful, basic) about `leaf`, issued by `issuer`.
model::Der MintOcspResponse(const MintedCert& issuer, const MintedCert& leaf, OcspCertStatus status,
                            SysTime this_update, std::optional<SysTime> next_update);
model::Der MintOcspResponse(const MintedCert& issuer, const MintedCert& leaf, const OcspSpec& spec);
// An unsuccessful OCSPResponse with no body: tryLater (RFC 6960 4.2.1).
model::Der MintOcspTryLater();

}  // namespace lde::testing
