#include "x509/ocsp_request.h"

#include <openssl/ocsp.h>

#include <cstddef>

#include "common/ascii.h"
#include "ossl/errors.h"
#include "x509/ocsp.h"
#include "x509/ocsp_handles.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

// RFC 8954 2.1: a nonce of 1 to 32 octets; 16 is OpenSSL's default and
// enough to make a replayed answer detectable.
constexpr int kNonceBytes = 16;

Error Failed(ErrorKind kind, const std::string& what) {
  std::string detail = what;
  if (std::string queue = ossl::DrainOpenSslErrors(); !queue.empty()) detail += ": " + queue;
  return MakeError(kind, detail);
}

// The CertID's DER in hex: issuer name hash, issuer key hash and serial,
// so two certificates never share it.
std::string CertIdHex(OCSP_CERTID* id) {
  unsigned char* der = nullptr;
  int size = i2d_OCSP_CERTID(id, &der);
  if (size <= 0) return "";
  std::string hex = LowerHex(der, static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return hex;
}

}  // namespace

Result<OcspRequest> BuildOcspRequest(const model::Der& cert_der, const model::Der& issuer_der) {
  ossl::DrainOpenSslErrors();
  ossl::X509Ptr cert = ParseDer(cert_der);
  ossl::X509Ptr issuer = ParseDer(issuer_der);
  if (!cert || !issuer) return Failed(ErrorKind::kCertificateParse, "certificate or issuer does not decode");
  OcspCertIdPtr id(OCSP_cert_to_id(EVP_sha1(), cert.get(), issuer.get()));
  OcspRequestPtr request(OCSP_REQUEST_new());
  if (!id || !request) return Failed(ErrorKind::kInternal, "OCSP_cert_to_id");
  OcspRequest out;
  out.cert_id_hex = CertIdHex(id.get());
  // add0: the request owns the CertID from here on.
  if (OCSP_request_add0_id(request.get(), id.get()) == nullptr) {
    return Failed(ErrorKind::kInternal, "OCSP_request_add0_id");
  }
  id.release();
  // A null value asks OpenSSL for random bytes.
  if (OCSP_request_add1_nonce(request.get(), nullptr, kNonceBytes) != 1) {
    return Failed(ErrorKind::kInternal, "OCSP_request_add1_nonce");
  }
  unsigned char* der = nullptr;
  int size = i2d_OCSP_REQUEST(request.get(), &der);
  if (size <= 0) return Failed(ErrorKind::kInternal, "i2d_OCSP_REQUEST");
  out.der.assign(der, der + size);
  OPENSSL_free(der);
  return out;
}

bool IsOcspResponse(const model::Der& bytes) {
  bool ok = ParseOcspResponse(bytes) != nullptr;
  ossl::DrainOpenSslErrors();
  return ok;
}

OcspNonceMatch CheckOcspNonce(const model::Der& request_der, const model::Der& response_der) {
  OcspRequestPtr request = ParseOcspRequest(request_der);
  OcspResponsePtr response = ParseOcspResponse(response_der);
  OcspBasicPtr basic(response ? OCSP_response_get1_basic(response.get()) : nullptr);
  OcspNonceMatch match = OcspNonceMatch::kUndecodable;
  if (request && basic) {
    // OCSP_check_nonce: 1 equal, 2 both absent, 3 in the response only,
    // -1 in the request only, 0 both present and different.
    switch (OCSP_check_nonce(request.get(), basic.get())) {
      case 1:
        match = OcspNonceMatch::kEqual;
        break;
      case -1:
        match = OcspNonceMatch::kMissing;
        break;
      case 2:
      case 3:
        match = OcspNonceMatch::kNoneRequested;
        break;
      default:
        match = OcspNonceMatch::kDifferent;
        break;
    }
  }
  ossl::DrainOpenSslErrors();
  return match;
}

RevocationCheck CheckOcspAnswer(const model::Der& response, const model::Der& request, const model::Der& cert,
                                const model::Der& issuer, SysTime now) {
  RevocationCheck check = CheckOcspResponse(response, cert, issuer, now);
  if (check.verdict == RevocationVerdict::kInvalid || request.empty()) return check;
  switch (CheckOcspNonce(request, response)) {
    case OcspNonceMatch::kEqual:
    case OcspNonceMatch::kMissing:
    case OcspNonceMatch::kNoneRequested:
      return check;
    case OcspNonceMatch::kDifferent:
      check.detail = "nonce differs from the request's: an answer to another request";
      break;
    case OcspNonceMatch::kUndecodable:
      check.detail = "the request it answers does not decode";
      break;
  }
  check.verdict = RevocationVerdict::kInvalid;
  check.revoked_at.reset();
  return check;
}

}  // namespace lde::x509
