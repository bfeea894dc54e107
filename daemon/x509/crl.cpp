#include "x509/crl.h"

#include <openssl/ocsp.h>
#include <openssl/pem.h>

#include <limits>

#include "ossl/errors.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

using IdpPtr = ossl::OsslPtr<ISSUING_DIST_POINT, ISSUING_DIST_POINT_free>;
using EnumeratedPtr = ossl::OsslPtr<ASN1_ENUMERATED, ASN1_ENUMERATED_free>;

constexpr std::string_view kPemMarker = "-----BEGIN X509 CRL-----";

// Exactly one CRL, DER or PEM; null otherwise (trailing DER bytes mean a
// framing error, as for certificates).
X509CrlPtr ParseCrl(std::string_view bytes) {
  if (bytes.empty() || bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return nullptr;
  }
  if (bytes.find(kPemMarker) != std::string_view::npos) {
    ossl::BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    if (!bio) return nullptr;
    return X509CrlPtr(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  }
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* p = data;
  X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size())));
  if (crl && p != data + bytes.size()) return nullptr;
  return crl;
}

RevocationCheck Invalid(RevocationCheck check, std::string detail) {
  check.verdict = RevocationVerdict::kInvalid;
  check.detail = std::move(detail);
  return check;
}

// RFC 5280 5.2: a CRL with a critical extension we cannot process must not
// be used. We process issuingDistributionPoint's scope flags only, so a
// delta CRL (always critical), an indirect CRL or one partitioned by reason
// is refused rather than misread as complete.
std::optional<std::string> UnsupportedScope(X509_CRL* crl, X509* cert) {
  for (int i = 0; i < X509_CRL_get_ext_count(crl); ++i) {
    X509_EXTENSION* ext = X509_CRL_get_ext(crl, i);
    int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
    if (nid == NID_delta_crl) return "a delta CRL, not a complete one";
    if (X509_EXTENSION_get_critical(ext) && nid != NID_issuing_distribution_point) {
      return "unsupported critical extension " + std::string(nid == NID_undef ? "?" : OBJ_nid2sn(nid));
    }
  }
  IdpPtr idp(static_cast<ISSUING_DIST_POINT*>(
      X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, nullptr, nullptr)));
  if (!idp) return std::nullopt;
  if (idp->indirectCRL != 0) return "an indirect CRL";
  if (idp->onlysomereasons != nullptr) return "a CRL partitioned by reason";
  if (idp->onlyattr != 0) return "a CRL of attribute certificates";
  bool is_ca = X509_check_ca(cert) > 0;
  if (idp->onlyuser != 0 && is_ca) return "a CRL of end-entity certificates only";
  if (idp->onlyCA != 0 && !is_ca) return "a CRL of CA certificates only";
  return std::nullopt;
}

std::string ReasonOf(X509_REVOKED* entry) {
  EnumeratedPtr reason(
      static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr)));
  if (!reason) return "unspecified";
  return OCSP_crl_reason_str(ASN1_ENUMERATED_get(reason.get()));
}

RevocationCheck Check(X509_CRL* crl, X509* cert, X509* issuer, SysTime now) {
  RevocationCheck check;
  check.this_update = Asn1TimeToSysTime(X509_CRL_get0_lastUpdate(crl));
  check.next_update = Asn1TimeToSysTime(X509_CRL_get0_nextUpdate(crl));
  if (!check.this_update) return Invalid(check, "CRL thisUpdate does not decode");
  // RFC 5280 6.3.3 (b)(1): a direct CRL is issued by the certificate's issuer.
  if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0) {
    return Invalid(check, "CRL issuer \"" + NameToString(X509_CRL_get_issuer(crl)) +
                              "\" is not the certificate's issuer \"" +
                              NameToString(X509_get_issuer_name(cert)) + "\"");
  }
  if (auto scope = UnsupportedScope(crl, cert)) return Invalid(check, "CRL is " + *scope);
  // 6.3.3 (f): the CRL issuer must be allowed to sign CRLs (no keyUsage
  // extension means no restriction).
  if ((X509_get_key_usage(issuer) & KU_CRL_SIGN) == 0) {
    return Invalid(check, "CRL issuer's keyUsage lacks cRLSign");
  }
  // 6.3.3 (g): the signature, with the issuer's key.
  EVP_PKEY* key = X509_get0_pubkey(issuer);
  if (key == nullptr || X509_CRL_verify(crl, key) != 1) {
    return Invalid(check, "CRL signature does not verify with the issuer's key");
  }
  if (*check.this_update > now + kRevocationClockSkew) {
    return Invalid(check, "CRL thisUpdate " + FormatUtc(*check.this_update) + " is in the future");
  }
  // 6.3.3 (a)(2): with a nextUpdate in the past, a newer CRL should exist.
  if (check.next_update && *check.next_update + kRevocationClockSkew < now) {
    return Invalid(check, "CRL is stale: nextUpdate " + FormatUtc(*check.next_update));
  }
  X509_REVOKED* entry = nullptr;
  // 1 = listed, 2 = listed as removeFromCRL (no longer on hold): not revoked.
  if (X509_CRL_get0_by_cert(crl, &entry, cert) == 1 && entry != nullptr) {
    check.verdict = RevocationVerdict::kRevoked;
    check.revoked_at = Asn1TimeToSysTime(X509_REVOKED_get0_revocationDate(entry));
    check.detail = "revoked";
    if (check.revoked_at) check.detail += " at " + FormatUtc(*check.revoked_at);
    check.detail += ", reason " + ReasonOf(entry);
    return check;
  }
  check.verdict = RevocationVerdict::kGood;
  return check;
}

}  // namespace

Result<CrlFacts> DecodeCrl(std::string_view bytes) {
  X509CrlPtr crl = ParseCrl(bytes);
  ossl::DrainOpenSslErrors();
  if (!crl) return MakeError(ErrorKind::kCertificateParse, "not a CRL (DER or PEM)");
  CrlFacts facts;
  unsigned char* der = nullptr;
  int len = i2d_X509_CRL(crl.get(), &der);
  if (len <= 0) return MakeError(ErrorKind::kCertificateParse, "CRL does not re-encode");
  facts.der.assign(der, der + len);
  OPENSSL_free(der);
  facts.issuer = NameToString(X509_CRL_get_issuer(crl.get()));
  auto this_update = Asn1TimeToSysTime(X509_CRL_get0_lastUpdate(crl.get()));
  if (!this_update) return MakeError(ErrorKind::kCertificateParse, "CRL thisUpdate does not decode");
  facts.this_update = *this_update;
  facts.next_update = Asn1TimeToSysTime(X509_CRL_get0_nextUpdate(crl.get()));
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  facts.revoked_count = revoked == nullptr ? 0 : static_cast<std::size_t>(sk_X509_REVOKED_num(revoked));
  return facts;
}

RevocationCheck CheckCrl(std::string_view crl_bytes, const model::Der& cert_der, const model::Der& issuer_der,
                         SysTime now) {
  ossl::DrainOpenSslErrors();
  X509CrlPtr crl = ParseCrl(crl_bytes);
  ossl::X509Ptr cert = ParseDer(cert_der);
  ossl::X509Ptr issuer = ParseDer(issuer_der);
  RevocationCheck check;
  if (!crl) {
    check = Invalid(check, "not a CRL (DER or PEM)");
  } else if (!cert || !issuer) {
    check = Invalid(check, "certificate or issuer does not decode");
  } else {
    check = Check(crl.get(), cert.get(), issuer.get(), now);
  }
  ossl::DrainOpenSslErrors();
  return check;
}

}  // namespace lde::x509
