// PEM bundles and AIA caIssuers payloads (declared in certificate.h).
#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>
#include <limits>

#include "ossl/der.h"
#include "ossl/errors.h"
#include "x509/certificate.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

struct PemBlock {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long len = 0;
  ~PemBlock() {
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
  }
};

Error ParseError(std::string detail) {
  std::string why = ossl::DrainOpenSslErrors();
  if (!why.empty()) detail += ": " + why;
  return MakeError(ErrorKind::kCertificateParse, std::move(detail));
}

// The certificates of a signed-data PKCS#7 (certs-only, RFC 2315 9.1).
bool AppendPkcs7Certs(const unsigned char* data, long len, std::vector<model::Der>& out) {
  const unsigned char* p = data;
  Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, len));
  if (!p7 || p != data + len || !PKCS7_type_is_signed(p7.get()) || p7->d.sign == nullptr) {
    return false;
  }
  STACK_OF(X509)* certs = p7->d.sign->cert;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    model::Der der = ossl::ToDer(sk_X509_value(certs, i));
    if (der.empty()) return false;
    out.push_back(std::move(der));
  }
  return true;
}

// Returns the DER of a certificate block, or empty if it does not decode.
model::Der CertificateBlockDer(const PemBlock& block) {
  if (std::strcmp(block.name, PEM_STRING_X509_TRUSTED) == 0) {
    // X509_AUX: a certificate followed by OpenSSL's trust settings; keep the cert.
    const unsigned char* p = block.data;
    ossl::X509Ptr cert(d2i_X509_AUX(nullptr, &p, block.len));
    return cert ? ossl::ToDer(cert.get()) : model::Der{};
  }
  if (!ParseDer(block.data, static_cast<std::size_t>(block.len))) return {};
  return model::Der(block.data, block.data + block.len);
}

bool IsCertificateBlock(const char* name) {
  return std::strcmp(name, PEM_STRING_X509) == 0 || std::strcmp(name, PEM_STRING_X509_OLD) == 0 ||
         std::strcmp(name, PEM_STRING_X509_TRUSTED) == 0;
}

bool IsPkcs7Block(const char* name) {
  return std::strcmp(name, PEM_STRING_PKCS7) == 0 || std::strcmp(name, PEM_STRING_PKCS7_SIGNED) == 0;
}

Result<std::vector<model::Der>> ParsePem(std::string_view pem, bool allow_pkcs7) {
  ossl::DrainOpenSslErrors();
  if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return MakeError(ErrorKind::kCertificateParse, "PEM input too large");
  }
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return ParseError("BIO_new_mem_buf failed");
  std::vector<model::Der> certs;
  for (int index = 1;; ++index) {
    PemBlock block;
    if (PEM_read_bio(bio.get(), &block.name, &block.header, &block.data, &block.len) != 1) {
      unsigned long err = ERR_peek_last_error();
      if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
        ossl::DrainOpenSslErrors();  // the normal end: no further BEGIN line
        break;
      }
      return ParseError("malformed PEM block " + std::to_string(index));
    }
    if (IsCertificateBlock(block.name)) {
      model::Der der = CertificateBlockDer(block);
      if (der.empty()) {
        return ParseError("PEM block " + std::to_string(index) + " (" + block.name +
                          ") is not a certificate");
      }
      certs.push_back(std::move(der));
    } else if (allow_pkcs7 && IsPkcs7Block(block.name)) {
      if (!AppendPkcs7Certs(block.data, block.len, certs)) {
        return ParseError("PEM block " + std::to_string(index) + " is not a PKCS#7 bundle");
      }
    }
  }
  if (certs.empty()) return MakeError(ErrorKind::kCertificateParse, "no certificate in PEM input");
  return certs;
}

}  // namespace

Result<std::vector<model::Der>> ParsePemBundle(std::string_view pem) {
  return ParsePem(pem, /*allow_pkcs7=*/false);
}

Result<std::vector<model::Der>> ParseIssuerCertificates(std::string_view bytes) {
  if (bytes.empty()) return MakeError(ErrorKind::kCertificateParse, "empty issuer payload");
  if (bytes.find("-----BEGIN ") != std::string_view::npos) return ParsePem(bytes, true);
  ossl::DrainOpenSslErrors();
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (ossl::X509Ptr cert = ParseDer(data, bytes.size())) {
    return std::vector<model::Der>{model::Der(data, data + bytes.size())};
  }
  std::vector<model::Der> certs;
  if (bytes.size() <= static_cast<std::size_t>(std::numeric_limits<long>::max()) &&
      AppendPkcs7Certs(data, static_cast<long>(bytes.size()), certs) && !certs.empty()) {
    ossl::DrainOpenSslErrors();
    return certs;
  }
  ossl::DrainOpenSslErrors();  // ASN.1 noise from both attempts says nothing more
  return MakeError(ErrorKind::kCertificateParse, "issuer payload (" + std::to_string(bytes.size()) +
                                                     " bytes) is neither a DER certificate, PKCS#7 nor PEM");
}

}  // namespace lde::x509
