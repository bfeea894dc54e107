#include "support/certs/cert_factory.h"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/dsa.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "support/certs/openssl_test_handles.h"

namespace lde::testing {
namespace {

[[noreturn]] void Fail(const std::string& what) { ThrowOpenSslError("cert_factory", what); }

// DSA has no one-call generator: domain parameters first, then the key.
EVP_PKEY* GenerateDsa(unsigned bits) {
  EVP_PKEY* params = nullptr;
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr);
  if (pctx != nullptr && EVP_PKEY_paramgen_init(pctx) == 1 &&
      EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx, static_cast<int>(bits)) == 1) {
    EVP_PKEY_paramgen(pctx, &params);
  }
  EVP_PKEY_CTX_free(pctx);
  if (params == nullptr) return nullptr;
  EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_from_pkey(nullptr, params, nullptr);
  if (kctx != nullptr && EVP_PKEY_keygen_init(kctx) == 1) EVP_PKEY_keygen(kctx, &pkey);
  EVP_PKEY_CTX_free(kctx);
  EVP_PKEY_free(params);
  return pkey;
}

KeyPtr GenerateKey(CertSpec::Key key) {
  EVP_PKEY* pkey = nullptr;
  switch (key) {
    case CertSpec::Key::kRsa512:
      pkey = EVP_RSA_gen(512);
      break;
    case CertSpec::Key::kEcP192:
      pkey = EVP_EC_gen("P-192");
      break;
    case CertSpec::Key::kEcP384:
      pkey = EVP_EC_gen("P-384");
      break;
    case CertSpec::Key::kDsa1024:
      pkey = GenerateDsa(1024);
      break;
    case CertSpec::Key::kEd25519:
      pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
    case CertSpec::Key::kEcP256:
      pkey = EVP_EC_gen("P-256");
      break;
    case CertSpec::Key::kRsa2048:
      pkey = EVP_RSA_gen(2048);
      break;
    case CertSpec::Key::kRsa1024:
      pkey = EVP_RSA_gen(1024);
      break;
  }
  if (pkey == nullptr) Fail("key generation failed");
  return KeyPtr(pkey);
}

KeyPtr ReadKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) Fail("BIO_new_mem_buf");
  KeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) Fail("issuer key_pem holds no private key");
  return key;
}

X509Ptr ReadDer(const model::Der& der) {
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!cert) Fail("issuer DER is not a certificate");
  return cert;
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

void SetRandomSerial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) Fail("RAND_bytes");
  bytes[0] &= 0x7f;  // RFC 5280 4.1.2.2: a positive integer
  bytes[0] |= 0x01;  // and exactly 16 bytes, never a leading zero octet
  BnPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    Fail("serial number");
  }
}

void SetName(X509_NAME* name, const std::string& cn) {
  auto add = [name](const char* field, const std::string& value) {
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1) {
      Fail(std::string("name entry ") + field);
    }
  };
  add("O", "LDE Test");
  add("CN", cn);
}

void SetTime(ASN1_TIME* field, SysTime t) {
  if (ASN1_TIME_set(field, std::chrono::system_clock::to_time_t(t)) == nullptr) Fail("time");
}

void AddExt(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext) Fail("extension " + std::string(OBJ_nid2sn(nid)) + "=" + value);
  if (X509_add_ext(cert, ext.get(), -1) != 1) Fail("X509_add_ext");
}

std::string Joined(const std::vector<std::string>& values, const std::string& prefix) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ",";
    out += prefix + v;
  }
  return out;
}

void AddExtensions(X509* cert, X509* issuer, const CertSpec& spec, bool self_signed) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  if (spec.is_ca) {
    AddExt(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    AddExt(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
  } else {
    AddExt(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    AddExt(cert, &ctx, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    std::vector<std::string> ekus;
    if (spec.server_auth_eku) ekus.emplace_back("serverAuth");
    if (spec.ocsp_signing_eku) ekus.emplace_back("OCSPSigning");
    if (!ekus.empty()) AddExt(cert, &ctx, NID_ext_key_usage, Joined(ekus, ""));
  }
  AddExt(cert, &ctx, NID_subject_key_identifier, "hash");
  // AKI lets OpenSSL tell apart two issuers with the same name (RFC 5280 4.2.1.1).
  if (!self_signed) AddExt(cert, &ctx, NID_authority_key_identifier, "keyid:always");
  std::string san = Joined(spec.dns_names, "DNS:");
  std::string ips = Joined(spec.ip_addresses, "IP:");
  if (!ips.empty()) san += (san.empty() ? "" : ",") + ips;
  if (!san.empty()) AddExt(cert, &ctx, NID_subject_alt_name, san);
  std::string aia = Joined(spec.ocsp_urls, "OCSP;URI:");
  std::string ca_issuers = Joined(spec.ca_issuer_urls, "caIssuers;URI:");
  if (!ca_issuers.empty()) aia += (aia.empty() ? "" : ",") + ca_issuers;
  if (!aia.empty()) AddExt(cert, &ctx, NID_info_access, aia);
  if (!spec.crl_urls.empty()) {
    AddExt(cert, &ctx, NID_crl_distribution_points, Joined(spec.crl_urls, "URI:"));
  }
}

// Builds and signs one certificate. `issuer`/`issuer_key` null => self-signed.
MintedCert Mint(const CertSpec& spec, X509* issuer, EVP_PKEY* issuer_key) {
  KeyPtr key = spec.reuse_key_pem.empty() ? GenerateKey(spec.key) : ReadKey(spec.reuse_key_pem);
  X509Ptr cert(X509_new());
  if (!cert) Fail("X509_new");
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) Fail("version");
  SetRandomSerial(cert.get());
  SetName(X509_get_subject_name(cert.get()), spec.common_name);
  bool self_signed = issuer == nullptr;
  if (self_signed) {
    issuer = cert.get();
    issuer_key = key.get();
  }
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) != 1) Fail("issuer name");
  auto now = std::chrono::system_clock::now();
  SetTime(X509_getm_notBefore(cert.get()), spec.not_before.value_or(now - std::chrono::hours(24)));
  SetTime(X509_getm_notAfter(cert.get()), spec.not_after.value_or(now + std::chrono::hours(24 * 90)));
  if (X509_set_pubkey(cert.get(), key.get()) != 1) Fail("set pubkey");
  AddExtensions(cert.get(), issuer, spec, self_signed);

  // EdDSA signs the message itself: no separate digest (RFC 8410 §3).
  const bool eddsa = EVP_PKEY_get_id(issuer_key) == EVP_PKEY_ED25519;
  const EVP_MD* md = eddsa ? nullptr : EVP_get_digestbyname(spec.digest.c_str());
  if (md == nullptr && !eddsa) Fail("unknown digest " + spec.digest);
  if (X509_sign(cert.get(), issuer_key, md) <= 0) Fail("X509_sign");

  MintedCert out;
  unsigned char* der = nullptr;
  int len = i2d_X509(cert.get(), &der);
  if (len <= 0) Fail("i2d_X509");
  out.der.assign(der, der + len);
  OPENSSL_free(der);

  BioPtr cert_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1) Fail("PEM cert");
  out.pem = BioToString(cert_bio.get());
  BioPtr key_bio(BIO_new(BIO_s_mem()));
  if (!key_bio ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    Fail("PEM key");
  }
  out.key_pem = BioToString(key_bio.get());
  return out;
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

MintedCert MintSelfSigned(const CertSpec& spec) { return Mint(spec, nullptr, nullptr); }

MintedCert MintSigned(const CertSpec& spec, const MintedCert& issuer) {
  X509Ptr issuer_cert = ReadDer(issuer.der);
  KeyPtr issuer_key = ReadKey(issuer.key_pem);
  return Mint(spec, issuer_cert.get(), issuer_key.get());
}

std::string PemBundle(const std::vector<const MintedCert*>& certs) {
  std::string out;
  for (const MintedCert* c : certs) out += c->pem;
  return out;
}

std::vector<MintedCert> MintCaChain(const std::string& name_prefix, int intermediates) {
  auto ca = [](const std::string& name) {
    CertSpec spec;
    spec.common_name = name;
    spec.is_ca = true;
    return spec;
  };
  std::vector<MintedCert> cas;
  cas.push_back(MintSelfSigned(ca(name_prefix + " Root CA")));
  for (int i = 1; i <= intermediates; ++i)
    cas.push_back(MintSigned(ca(name_prefix + " CA " + std::to_string(i)), cas.back()));
  return cas;
}

TestPki MakePki(const std::string& name_prefix, const std::string& host) {
  return MakePki(name_prefix, host, std::chrono::system_clock::now());
}

TestPki MakePki(const std::string& name_prefix, const std::string& host, SysTime now) {
  const auto day = std::chrono::hours(24);
  TestPki pki;
  CertSpec root;
  root.common_name = name_prefix + " Root CA";
  root.is_ca = true;
  root.not_before = now - day;
  root.not_after = now + 3650 * day;
  pki.root = MintSelfSigned(root);
  CertSpec inter = root;
  inter.common_name = name_prefix + " Intermediate CA";
  pki.intermediate = MintSigned(inter, pki.root);
  CertSpec leaf;
  leaf.common_name = host;
  leaf.not_before = now - day;
  leaf.not_after = now + 90 * day;
  if (IsIpLiteral(host)) {
    leaf.ip_addresses = {host};
  } else {
    leaf.dns_names = {host};
  }
  pki.leaf = MintSigned(leaf, pki.intermediate);
  return pki;
}

}  // namespace lde::testing
