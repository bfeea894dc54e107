#pragma once

// Certificates cross module edges as DER bytes; this turns them into facts.
// No OpenSSL type appears here. All functions are pure and thread-safe.

#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/cert_facts.h"
#include "model/observations.h"

namespace lde::x509 {

// Every CertFacts field from one DER certificate. Error kCertificateParse when
// the bytes are not exactly one X.509 certificate.
Result<model::CertFacts> DecodeCertificate(const model::Der& der);

// The certificates of a PEM text, in order. Blocks other than certificates
// (keys, CRLs) and text between blocks are skipped; "TRUSTED CERTIFICATE"
// blocks count as certificates. Error kCertificateParse when there is no
// certificate or a block is malformed (bad base64, missing END line, a
// CERTIFICATE block that does not decode).
Result<std::vector<model::Der>> ParsePemBundle(std::string_view pem);

// What an AIA caIssuers URL serves (RFC 5280 4.2.2.1): one DER certificate
// (application/pkix-cert), a DER PKCS#7 certs-only bundle
// (application/pkcs7-mime), or the same in PEM. Error kCertificateParse when
// none of these yields a certificate.
Result<std::vector<model::Der>> ParseIssuerCertificates(std::string_view bytes);

}  // namespace lde::x509
