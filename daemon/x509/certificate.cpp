#include "x509/certificate.h"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/objects.h>

#include <array>
#include <ctime>

#include "common/ascii.h"
#include "common/utf8.h"
#include "ossl/digest.h"
#include "ossl/errors.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

struct GeneralNamesFree {
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
struct AiaFree {
  void operator()(AUTHORITY_INFO_ACCESS* p) const { AUTHORITY_INFO_ACCESS_free(p); }
};
struct DistPointsFree {
  void operator()(CRL_DIST_POINTS* p) const { CRL_DIST_POINTS_free(p); }
};

std::string Asn1StringToUtf8(const ASN1_STRING* s) {
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, s);
  if (len < 0) return {};
  std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

// IA5String/URI bytes as-is: they are ASCII by definition (RFC 5280 4.2.1.6).
// IA5 is ASCII, but nothing stops a hostile certificate from carrying any
// bytes: they reach metric labels and JSON, which must stay valid UTF-8.
std::string Ia5ToString(const ASN1_IA5STRING* s) {
  return ToValidUtf8(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                      static_cast<std::size_t>(ASN1_STRING_length(s))));
}

std::string SerialHex(const ASN1_INTEGER* serial) {
  BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr);
  if (bn == nullptr) return {};
  char* hex = BN_bn2hex(bn);
  BN_free(bn);
  if (hex == nullptr) return {};
  std::string out(hex);
  OPENSSL_free(hex);
  AsciiLowerInPlace(out);
  return out;
}

SysTime ToSysTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// The last CN is the most specific one (RFC 6125 6.4.4 speaks of "the" CN;
// OpenSSL's host check also walks to the last).
std::string CommonName(const X509_NAME* name) {
  int index = -1, last = -1;
  while ((index = X509_NAME_get_index_by_NID(name, NID_commonName, index)) >= 0) last = index;
  if (last < 0) return {};
  return Asn1StringToUtf8(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, last)));
}

std::string IpToString(const ASN1_OCTET_STRING* ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  int len = ASN1_STRING_length(ip);
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  if (len == 4) return inet_ntop(AF_INET, data, buf, sizeof buf) ? buf : "";
  if (len == 16) return inet_ntop(AF_INET6, data, buf, sizeof buf) ? buf : "";
  return "invalid:" + LowerHex(data, static_cast<std::size_t>(len));  // e.g. a name-constraint mask
}

void FillSubjectAltNames(X509* cert, model::CertFacts& facts) {
  std::unique_ptr<GENERAL_NAMES, GeneralNamesFree> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) facts.dns_names.push_back(Ia5ToString(gn->d.dNSName));
    if (gn->type == GEN_IPADD) facts.ip_addresses.push_back(IpToString(gn->d.iPAddress));
  }
}

void FillAuthorityInfoAccess(X509* cert, model::CertFacts& facts) {
  std::unique_ptr<AUTHORITY_INFO_ACCESS, AiaFree> aia(
      static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(cert, NID_info_access, nullptr, nullptr)));
  if (!aia) return;
  for (int i = 0; i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
    const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
    if (ad->location->type != GEN_URI) continue;
    std::string url = Ia5ToString(ad->location->d.uniformResourceIdentifier);
    int method = OBJ_obj2nid(ad->method);
    if (method == NID_ad_OCSP) facts.ocsp_urls.push_back(url);
    if (method == NID_ad_ca_issuers) facts.ca_issuer_urls.push_back(url);
  }
}

void FillCrlDistributionPoints(X509* cert, model::CertFacts& facts) {
  std::unique_ptr<CRL_DIST_POINTS, DistPointsFree> points(
      static_cast<CRL_DIST_POINTS*>(X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr)));
  if (!points) return;
  for (int i = 0; i < sk_DIST_POINT_num(points.get()); ++i) {
    const DIST_POINT* dp = sk_DIST_POINT_value(points.get(), i);
    // Only fullName carries URLs; nameRelativeToCRLIssuer (type 1) has none.
    if (dp->distpoint == nullptr || dp->distpoint->type != 0) continue;
    const GENERAL_NAMES* names = dp->distpoint->name.fullname;
    for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
      const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, j);
      if (gn->type == GEN_URI) facts.crl_urls.push_back(Ia5ToString(gn->d.uniformResourceIdentifier));
    }
  }
}

std::string KeyTypeName(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return "RSA";
    case EVP_PKEY_RSA_PSS:
      return "RSA-PSS";
    case EVP_PKEY_EC:
      return "EC";
    case EVP_PKEY_DSA:
      return "DSA";
    case EVP_PKEY_ED25519:
      return "ED25519";
    case EVP_PKEY_ED448:
      return "ED448";
    default:
      break;
  }
  const char* name = EVP_PKEY_get0_type_name(key);
  return name ? name : "unknown";
}

std::string ObjectText(const ASN1_OBJECT* obj) {
  int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) return OBJ_nid2ln(nid);
  char buf[128] = {};
  OBJ_obj2txt(buf, sizeof buf, obj, 1);  // dotted OID for algorithms OpenSSL does not know
  return buf;
}

void FillKeyAndSignature(X509* cert, model::CertFacts& facts) {
  const X509_ALGOR* sig_alg = nullptr;
  X509_get0_signature(nullptr, &sig_alg, cert);
  const ASN1_OBJECT* sig_obj = nullptr;
  X509_ALGOR_get0(&sig_obj, nullptr, nullptr, sig_alg);
  if (sig_obj != nullptr) facts.signature_algorithm = ObjectText(sig_obj);

  if (const EVP_PKEY* key = X509_get0_pubkey(cert)) {
    facts.key_type = KeyTypeName(key);
    facts.key_bits = EVP_PKEY_get_bits(key);
  } else {
    // A key OpenSSL cannot load: still name its algorithm.
    ASN1_OBJECT* alg = nullptr;
    X509_PUBKEY_get0_param(&alg, nullptr, nullptr, nullptr, X509_get_X509_PUBKEY(cert));
    facts.key_type = alg ? ObjectText(alg) : "unknown";
  }
}

}  // namespace

Result<model::CertFacts> DecodeCertificate(const model::Der& der) {
  ossl::X509Ptr cert = ParseDer(der);
  if (!cert) {
    std::string why = ossl::DrainOpenSslErrors();
    return MakeError(ErrorKind::kCertificateParse, "not a DER certificate (" + std::to_string(der.size()) +
                                                       " bytes)" + (why.empty() ? "" : ": " + why));
  }
  model::CertFacts facts;
  const X509_NAME* subject = X509_get_subject_name(cert.get());
  const X509_NAME* issuer = X509_get_issuer_name(cert.get());
  facts.subject = NameToString(subject);
  facts.issuer = NameToString(issuer);
  facts.common_name = CommonName(subject);
  facts.self_issued = X509_NAME_cmp(subject, issuer) == 0;
  facts.serial_hex = SerialHex(X509_get0_serialNumber(cert.get()));
  if (auto digest = ossl::Sha256Of(der.data(), der.size()))
    facts.sha256_hex = LowerHex(digest->data(), digest->size());
  facts.not_before = ToSysTime(X509_get0_notBefore(cert.get()));
  facts.not_after = ToSysTime(X509_get0_notAfter(cert.get()));

  const uint32_t flags = X509_get_extension_flags(cert.get());
  facts.is_ca = (flags & EXFLAG_CA) != 0;  // basicConstraints cA=TRUE only
  facts.has_eku = (flags & EXFLAG_XKUSAGE) != 0;
  // anyExtendedKeyUsage does not count, as in OpenSSL's sslserver purpose.
  facts.eku_server_auth = facts.has_eku && (X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER);

  FillKeyAndSignature(cert.get(), facts);
  FillSubjectAltNames(cert.get(), facts);
  FillAuthorityInfoAccess(cert.get(), facts);
  FillCrlDistributionPoints(cert.get(), facts);
  ossl::DrainOpenSslErrors();  // e.g. a malformed optional extension: ignored, not leaked
  return facts;
}

}  // namespace lde::x509
