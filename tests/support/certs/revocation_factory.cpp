#include "support/certs/revocation_factory.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <chrono>
#include <memory>
#include <stdexcept>

#include "support/certs/openssl_test_handles.h"

namespace lde::testing {
namespace {

template <typename T, void (*F)(T*)>
using Deleter = OpenSslDeleter<T, F>;
using CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL, X509_CRL_free>>;
using RevokedPtr = std::unique_ptr<X509_REVOKED, Deleter<X509_REVOKED, X509_REVOKED_free>>;
using IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using EnumPtr = std::unique_ptr<ASN1_ENUMERATED, Deleter<ASN1_ENUMERATED, ASN1_ENUMERATED_free>>;
using TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME, ASN1_TIME_free>>;
using BasicPtr = std::unique_ptr<OCSP_BASICRESP, Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using ResponsePtr = std::unique_ptr<OCSP_RESPONSE, Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using CertIdPtr = std::unique_ptr<OCSP_CERTID, Deleter<OCSP_CERTID, OCSP_CERTID_free>>;
using RequestPtr = std::unique_ptr<OCSP_REQUEST, Deleter<OCSP_REQUEST, OCSP_REQUEST_free>>;
struct StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }  // borrowed entries
};

[[noreturn]] void Fail(const std::string& what) { ThrowOpenSslError("revocation_factory", what); }

X509Ptr ReadCert(const model::Der& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) Fail("DER is not a certificate");
  return cert;
}

KeyPtr ReadKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) Fail("BIO_new_mem_buf");
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) Fail("key_pem holds no private key");
  return key;
}

TimePtr Time(SysTime t) {
  TimePtr time(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(t)));
  if (!time) Fail("ASN1_TIME_set");
  return time;
}

IntegerPtr SerialFromHex(const std::string& hex) {
  BIGNUM* raw = nullptr;
  if (BN_hex2bn(&raw, hex.c_str()) == 0) Fail("bad serial hex " + hex);
  BnPtr bn(raw);
  IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) Fail("BN_to_ASN1_INTEGER");
  return serial;
}

void AddRevoked(X509_CRL* crl, const std::string& serial_hex, SysTime when, int reason) {
  RevokedPtr entry(X509_REVOKED_new());
  IntegerPtr serial = SerialFromHex(serial_hex);
  TimePtr date = Time(when);
  if (!entry || X509_REVOKED_set_serialNumber(entry.get(), serial.get()) != 1 ||
      X509_REVOKED_set_revocationDate(entry.get(), date.get()) != 1) {
    Fail("revoked entry");
  }
  if (reason >= 0) {
    EnumPtr code(ASN1_ENUMERATED_new());
    if (!code || ASN1_ENUMERATED_set(code.get(), reason) != 1 ||
        X509_REVOKED_add1_ext_i2d(entry.get(), NID_crl_reason, code.get(), 0, 0) != 1) {
      Fail("reason code");
    }
  }
  if (X509_CRL_add0_revoked(crl, entry.get()) != 1) Fail("X509_CRL_add0_revoked");
  entry.release();  // the CRL owns it now
}

void AddCrlExtensions(X509_CRL* crl, X509* issuer, bool delta) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, nullptr, nullptr, crl, 0);
  ExtPtr aki(X509V3_EXT_nconf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
  if (!aki || X509_CRL_add_ext(crl, aki.get(), -1) != 1) Fail("CRL authorityKeyIdentifier");
  IntegerPtr number(ASN1_INTEGER_new());
  if (!number || ASN1_INTEGER_set(number.get(), 1) != 1 ||
      X509_CRL_add1_ext_i2d(crl, NID_crl_number, number.get(), 0, 0) != 1) {
    Fail("CRL number");
  }
  if (delta && X509_CRL_add1_ext_i2d(crl, NID_delta_crl, number.get(), 1, 0) != 1) {
    Fail("deltaCRLIndicator");
  }
}

}  // namespace

std::string SerialHex(const MintedCert& cert) {
  X509Ptr x = ReadCert(cert.der);
  BnPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(x.get()), nullptr));
  if (!bn) Fail("serial");
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) Fail("BN_bn2hex");
  std::string out(hex);
  OPENSSL_free(hex);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

model::Der MintCrl(const MintedCert& issuer, const std::vector<std::string>& revoked_serials,
                   SysTime this_update, std::optional<SysTime> next_update) {
  CrlSpec spec;
  spec.revoked_serials = revoked_serials;
  spec.this_update = this_update;
  spec.next_update = next_update;
  return MintCrl(issuer, spec);
}

model::Der MintCrl(const MintedCert& issuer, const CrlSpec& spec) {
  X509Ptr issuer_cert = ReadCert(issuer.der);
  KeyPtr key = ReadKey(issuer.key_pem);
  CrlPtr crl(X509_CRL_new());
  if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer_cert.get())) != 1) {
    Fail("CRL header");
  }
  if (X509_CRL_set1_lastUpdate(crl.get(), Time(spec.this_update).get()) != 1) Fail("thisUpdate");
  if (spec.next_update && X509_CRL_set1_nextUpdate(crl.get(), Time(*spec.next_update).get()) != 1) {
    Fail("nextUpdate");
  }
  SysTime revoked_at = spec.revoked_at.value_or(spec.this_update - std::chrono::hours(24));
  for (const auto& serial : spec.revoked_serials) {
    AddRevoked(crl.get(), serial, revoked_at, spec.reason);
  }
  AddCrlExtensions(crl.get(), issuer_cert.get(), spec.delta);
  if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), key.get(), EVP_sha256()) <= 0) {
    Fail("X509_CRL_sign");
  }
  unsigned char* der = nullptr;
  int len = i2d_X509_CRL(crl.get(), &der);
  if (len <= 0) Fail("i2d_X509_CRL");
  model::Der out(der, der + len);
  OPENSSL_free(der);
  return out;
}

std::string CrlToPem(const model::Der& der) {
  const unsigned char* p = der.data();
  CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!crl || !bio || PEM_write_bio_X509_CRL(bio.get(), crl.get()) != 1) Fail("PEM CRL");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

model::Der MintOcspResponse(const MintedCert& issuer, const MintedCert& leaf, OcspCertStatus status,
                            SysTime this_update, std::optional<SysTime> next_update) {
  OcspSpec spec;
  spec.status = status;
  spec.this_update = this_update;
  spec.next_update = next_update;
  return MintOcspResponse(issuer, leaf, spec);
}

model::Der MintOcspResponse(const MintedCert& issuer, const MintedCert& leaf, const OcspSpec& spec) {
  X509Ptr issuer_cert = ReadCert(issuer.der);
  X509Ptr leaf_cert = ReadCert(leaf.der);
  const MintedCert& signer = spec.signer ? *spec.signer : issuer;
  X509Ptr signer_cert = ReadCert(signer.der);
  KeyPtr signer_key = ReadKey(signer.key_pem);
  const EVP_MD* md = EVP_get_digestbyname(spec.cert_id_digest.c_str());
  if (md == nullptr) Fail("unknown digest " + spec.cert_id_digest);

  BasicPtr basic(OCSP_BASICRESP_new());
  CertIdPtr id(OCSP_cert_to_id(md, leaf_cert.get(), issuer_cert.get()));
  if (!basic || !id) Fail("OCSP_cert_to_id");
  int code = V_OCSP_CERTSTATUS_GOOD;
  if (spec.status == OcspCertStatus::kRevoked) code = V_OCSP_CERTSTATUS_REVOKED;
  if (spec.status == OcspCertStatus::kUnknown) code = V_OCSP_CERTSTATUS_UNKNOWN;
  TimePtr this_update = Time(spec.this_update);
  TimePtr next_update = spec.next_update ? Time(*spec.next_update) : nullptr;
  TimePtr revoked_at = Time(spec.revoked_at.value_or(spec.this_update - std::chrono::hours(24)));
  bool revoked = spec.status == OcspCertStatus::kRevoked;
  if (OCSP_basic_add1_status(basic.get(), id.get(), code, revoked ? OCSP_REVOKED_STATUS_KEYCOMPROMISE : 0,
                             revoked ? revoked_at.get() : nullptr, this_update.get(),
                             next_update.get()) == nullptr) {
    Fail("OCSP_basic_add1_status");
  }
  if (spec.answers != nullptr) {
    const unsigned char* p = spec.answers->data();
    RequestPtr request(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(spec.answers->size())));
    if (!request || OCSP_copy_nonce(basic.get(), request.get()) <= 0) Fail("OCSP_copy_nonce");
  }
  if (spec.nonce) {
    model::Der value = *spec.nonce;
    if (OCSP_basic_add1_nonce(basic.get(), value.data(), static_cast<int>(value.size())) != 1) {
      Fail("OCSP_basic_add1_nonce");
    }
  }
  // Signed by the CA: no certificates needed (the client has the issuer).
  // A delegated responder must send its own certificate.
  unsigned long flags = spec.signer ? 0 : OCSP_NOCERTS;
  if (OCSP_basic_sign(basic.get(), signer_cert.get(), signer_key.get(), EVP_sha256(), nullptr, flags) != 1) {
    Fail("OCSP_basic_sign");
  }
  ResponsePtr response(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
  if (!response) Fail("OCSP_response_create");
  unsigned char* der = nullptr;
  int len = i2d_OCSP_RESPONSE(response.get(), &der);
  if (len <= 0) Fail("i2d_OCSP_RESPONSE");
  model::Der out(der, der + len);
  OPENSSL_free(der);
  return out;
}

model::Der MintOcspTryLater() {
  ResponsePtr response(OCSP_response_create(OCSP_RESPONSE_STATUS_TRYLATER, nullptr));
  if (!response) Fail("OCSP_response_create");
  unsigned char* der = nullptr;
  int len = i2d_OCSP_RESPONSE(response.get(), &der);
  if (len <= 0) Fail("i2d_OCSP_RESPONSE");
  model::Der out(der, der + len);
  OPENSSL_free(der);
  return out;
}

}  // namespace lde::testing
