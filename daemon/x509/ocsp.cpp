#include "x509/ocsp.h"

#include <openssl/ocsp.h>

#include <limits>
#include <optional>

#include "ossl/errors.h"
#include "x509/ocsp_handles.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

// A whole DER object of type T, or null (trailing bytes refused).
template <typename T, T* (*Decode)(T**, const unsigned char**, long), auto Free>
ossl::OsslPtr<T, Free> ParseWhole(const model::Der& der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
    return nullptr;
  }
  const unsigned char* p = der.data();
  ossl::OsslPtr<T, Free> parsed(Decode(nullptr, &p, static_cast<long>(der.size())));
  if (parsed && p != der.data() + der.size()) return nullptr;
  return parsed;
}

// A stack that borrows its certificates (the caller owns them).
struct BorrowedStackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using BorrowedX509Stack = std::unique_ptr<STACK_OF(X509), BorrowedStackDeleter>;

// Without nextUpdate a response only says "this was true at thisUpdate"
// (RFC 6960 4.2.2.1); we accept it for a day, no longer.
constexpr std::chrono::hours kMaxAgeWithoutNextUpdate{24};

RevocationCheck Invalid(RevocationCheck check, std::string detail) {
  check.verdict = RevocationVerdict::kInvalid;
  check.detail = std::move(detail);
  return check;
}

// The SingleResponse whose CertID names `cert`, computed with the hash
// algorithm the responder chose (SHA-1 usually, SHA-256 sometimes).
OCSP_SINGLERESP* FindSingle(OCSP_BASICRESP* basic, X509* cert, X509* issuer) {
  for (int i = 0; i < OCSP_resp_count(basic); ++i) {
    OCSP_SINGLERESP* single = OCSP_resp_get0(basic, i);
    const OCSP_CERTID* id = OCSP_SINGLERESP_get0_id(single);
    ASN1_OBJECT* md_oid = nullptr;
    if (OCSP_id_get0_info(nullptr, &md_oid, nullptr, nullptr, const_cast<OCSP_CERTID*>(id)) != 1) {
      continue;
    }
    const EVP_MD* md = EVP_get_digestbyobj(md_oid);
    if (md == nullptr) continue;
    OcspCertIdPtr ours(OCSP_cert_to_id(md, cert, issuer));
    if (ours && OCSP_id_cmp(ours.get(), id) == 0) return single;
  }
  return nullptr;
}

bool SignedWith(OCSP_BASICRESP* basic, X509* cert) {
  BorrowedX509Stack certs(sk_X509_new_null());
  if (!certs || sk_X509_push(certs.get(), cert) <= 0) return false;
  // NOINTERN: find the signer among `certs` only; NOVERIFY: no chain
  // building for it (we judge its authority ourselves). The signature is
  // still checked.
  bool ok = OCSP_basic_verify(basic, certs.get(), nullptr, OCSP_NOINTERN | OCSP_NOVERIFY) == 1;
  ossl::DrainOpenSslErrors();
  return ok;
}

// RFC 6960 4.2.2.2: signed by the CA itself, or by a responder the CA
// certified for OCSP (issued by it, id-kp-OCSPSigning, valid at `now`).
std::optional<std::string> UnauthorizedSignature(OCSP_BASICRESP* basic, X509* issuer, SysTime now) {
  if (SignedWith(basic, issuer)) return std::nullopt;
  X509* signer = nullptr;  // from the response's own certs (responderID by name or key)
  if (OCSP_resp_get0_signer(basic, &signer, nullptr) != 1 || signer == nullptr) {
    return std::string(
        "signature does not verify with the issuer's key, and no responder "
        "certificate is included");
  }
  std::string who = "signer \"" + NameToString(X509_get_subject_name(signer)) + "\"";
  if (!SignedWith(basic, signer)) return "signature does not verify with " + who + "'s key";
  EVP_PKEY* issuer_key = X509_get0_pubkey(issuer);
  if (issuer_key == nullptr) return std::string("the issuer's key does not decode");
  if (X509_NAME_cmp(X509_get_issuer_name(signer), X509_get_subject_name(issuer)) != 0 ||
      X509_verify(signer, issuer_key) != 1) {
    return who + " is neither the issuer nor certified by it";
  }
  bool has_eku = (X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) != 0;
  if (!has_eku || (X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN) == 0) {
    return who + " lacks the OCSPSigning extended key usage";
  }
  auto not_before = Asn1TimeToSysTime(X509_get0_notBefore(signer));
  auto not_after = Asn1TimeToSysTime(X509_get0_notAfter(signer));
  if (!not_before || !not_after || now < *not_before || now > *not_after) {
    return who + " is not valid at the check time";
  }
  return std::nullopt;
}

RevocationCheck Judge(OCSP_BASICRESP* basic, X509* cert, X509* issuer, SysTime now) {
  RevocationCheck check;
  OCSP_SINGLERESP* single = FindSingle(basic, cert, issuer);
  if (single == nullptr) return Invalid(check, "no response for this certificate");
  int reason = -1;
  ASN1_GENERALIZEDTIME* revoked_at = nullptr;
  ASN1_GENERALIZEDTIME* this_update = nullptr;
  ASN1_GENERALIZEDTIME* next_update = nullptr;
  int status = OCSP_single_get0_status(single, &reason, &revoked_at, &this_update, &next_update);
  check.this_update = Asn1TimeToSysTime(this_update);
  check.next_update = Asn1TimeToSysTime(next_update);

  if (auto why = UnauthorizedSignature(basic, issuer, now)) return Invalid(check, *why);

  if (!check.this_update) return Invalid(check, "thisUpdate does not decode");
  if (*check.this_update > now + kRevocationClockSkew) {
    return Invalid(check, "thisUpdate " + FormatUtc(*check.this_update) + " is in the future");
  }
  SysTime valid_until =
      check.next_update ? *check.next_update : *check.this_update + kMaxAgeWithoutNextUpdate;
  if (valid_until + kRevocationClockSkew < now) {
    return Invalid(check, "stale: valid until " + FormatUtc(valid_until));
  }
  switch (status) {
    case V_OCSP_CERTSTATUS_GOOD:
      check.verdict = RevocationVerdict::kGood;
      break;
    case V_OCSP_CERTSTATUS_REVOKED:
      check.verdict = RevocationVerdict::kRevoked;
      check.revoked_at = Asn1TimeToSysTime(revoked_at);
      check.detail = "revoked";
      if (check.revoked_at) check.detail += " at " + FormatUtc(*check.revoked_at);
      check.detail += ", reason " + std::string(reason >= 0 ? OCSP_crl_reason_str(reason) : "unspecified");
      break;
    case V_OCSP_CERTSTATUS_UNKNOWN:
      check.verdict = RevocationVerdict::kUnknown;
      break;
    default:
      return Invalid(check, "unrecognised certStatus");
  }
  return check;
}

}  // namespace

OcspResponsePtr ParseOcspResponse(const model::Der& der) {
  return ParseWhole<OCSP_RESPONSE, d2i_OCSP_RESPONSE, OCSP_RESPONSE_free>(der);
}

OcspRequestPtr ParseOcspRequest(const model::Der& der) {
  return ParseWhole<OCSP_REQUEST, d2i_OCSP_REQUEST, OCSP_REQUEST_free>(der);
}

RevocationCheck CheckOcspResponse(const model::Der& response_der, const model::Der& cert_der,
                                  const model::Der& issuer_der, SysTime now) {
  ossl::DrainOpenSslErrors();
  RevocationCheck check;
  OcspResponsePtr response = ParseOcspResponse(response_der);
  ossl::X509Ptr cert = ParseDer(cert_der);
  ossl::X509Ptr issuer = ParseDer(issuer_der);
  if (!response) {
    check = Invalid(check, "not an OCSP response");
  } else if (!cert || !issuer) {
    check = Invalid(check, "certificate or issuer does not decode");
  } else if (int status = OCSP_response_status(response.get()); status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    check = Invalid(check, std::string("responseStatus ") + OCSP_response_status_str(status));
  } else if (OcspBasicPtr basic(OCSP_response_get1_basic(response.get())); !basic) {
    check = Invalid(check, "not a basic OCSP response");
  } else {
    check = Judge(basic.get(), cert.get(), issuer.get(), now);
  }
  ossl::DrainOpenSslErrors();
  return check;
}

}  // namespace lde::x509
