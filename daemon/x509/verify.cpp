#include "x509/verify.h"

#include <openssl/asn1.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>

#include "ossl/digest.h"
#include "ossl/errors.h"
#include "x509/openssl_handles.h"
#include "x509/trust_store_impl.h"

namespace lde::x509 {

static_assert(verify_error::kOk == X509_V_OK);
static_assert(verify_error::kUnspecified == X509_V_ERR_UNSPECIFIED);
static_assert(verify_error::kUnableToGetIssuerCert == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT);
static_assert(verify_error::kCertSignatureFailure == X509_V_ERR_CERT_SIGNATURE_FAILURE);
static_assert(verify_error::kCertNotYetValid == X509_V_ERR_CERT_NOT_YET_VALID);
static_assert(verify_error::kCertHasExpired == X509_V_ERR_CERT_HAS_EXPIRED);
static_assert(verify_error::kDepthZeroSelfSignedCert == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
static_assert(verify_error::kSelfSignedCertInChain == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN);
static_assert(verify_error::kUnableToGetIssuerCertLocally == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
static_assert(verify_error::kUnableToVerifyLeafSignature == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
static_assert(verify_error::kCertRevoked == X509_V_ERR_CERT_REVOKED);
static_assert(verify_error::kInvalidPurpose == X509_V_ERR_INVALID_PURPOSE);

namespace {

VerifyOutcome Failure(int error, int depth, std::string text) {
  return VerifyOutcome{false, error, depth, std::move(text)};
}

bool PushAll(STACK_OF(X509) * stack, const std::vector<model::Der>& certs, std::size_t from) {
  for (std::size_t i = from; i < certs.size(); ++i) {
    ossl::X509Ptr cert = ParseDer(certs[i]);
    if (!cert) continue;  // judged by the caller; it cannot help build a path
    if (sk_X509_push(stack, cert.get()) <= 0) return false;
    cert.release();  // the stack owns it now
  }
  return true;
}

}  // namespace

namespace {

// What a remembered verdict may be used for, besides its span of check
// times: a bound on trusting the reasoning below, at the price of one
// verification per chain and store every ten minutes.
constexpr auto kVerdictMaxAge = std::chrono::minutes(10);

// The memo key: the chain as judged, in order (presented, then the fetched
// issuers), each certificate's length before its bytes, so that no two
// different inputs hash the same bytes.
std::optional<ossl::Sha256Digest> ChainKey(const std::vector<model::Der>& presented,
                                           const std::vector<model::Der>& extra_untrusted) {
  ossl::Sha256 hash;
  auto add = [&](const std::vector<model::Der>& certs) {
    const std::uint64_t count = certs.size();
    hash.Update(&count, sizeof count);
    for (const auto& der : certs) {
      const std::uint64_t size = der.size();
      hash.Update(&size, sizeof size).Update(der.data(), der.size());
    }
  };
  add(presented);
  add(extra_untrusted);
  return hash.Final();
}

std::optional<SysTime> ToSysTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// The span of check times over which `outcome`, judged at `now`, stays what
// it is, or nullopt when it is not to be remembered:
// - a verified chain stays verified while the time is inside the validity of
//   every certificate of the path that was built (the anchor's included):
//   the store never changes, and signatures and extensions do not depend on
//   the time;
// - "no issuer" (UNABLE_TO_GET_ISSUER_CERT[_LOCALLY]) holds at any time:
//   OpenSSL builds the path before it checks any date, and picks candidate
//   issuers by name and key identifier, dates only ordering them;
// - any other failure (expired, not yet valid, bad signature, purpose...) is
//   rare in a healthy estate and may depend on the time: not remembered.
std::optional<RememberedVerdict> Remembered(const VerifyOutcome& outcome, X509_STORE_CTX* ctx, SysTime now) {
  RememberedVerdict r{outcome.error, outcome.error_depth, SysTime::min(), SysTime::max(), now};
  if (outcome.error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
      outcome.error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT) {
    return r;
  }
  if (!outcome.ok) return std::nullopt;
  STACK_OF(X509)* path = X509_STORE_CTX_get0_chain(ctx);
  if (path == nullptr || sk_X509_num(path) == 0) return std::nullopt;
  for (int i = 0; i < sk_X509_num(path); ++i) {
    X509* cert = sk_X509_value(path, i);
    auto not_before = ToSysTime(X509_get0_notBefore(cert));
    auto not_after = ToSysTime(X509_get0_notAfter(cert));
    if (!not_before || !not_after) return std::nullopt;
    r.valid_from = std::max(r.valid_from, *not_before);
    r.valid_until = std::min(r.valid_until, *not_after);
  }
  if (now < r.valid_from || now > r.valid_until) return std::nullopt;  // cannot be: OpenSSL agreed
  return r;
}

VerifyOutcome Recalled(const RememberedVerdict& r) {
  if (r.error == X509_V_OK) return VerifyOutcome{true, X509_V_OK, 0, "ok"};
  return Failure(r.error, r.error_depth, X509_verify_cert_error_string(r.error));
}

bool StillHolds(const RememberedVerdict& r, SysTime now) {
  return now >= r.valid_from && now <= r.valid_until && now >= r.judged_at &&
         now - r.judged_at < kVerdictMaxAge;
}

}  // namespace

VerifyOutcome VerifyChain(const std::vector<model::Der>& presented, const TrustStore& store, SysTime now,
                          const std::vector<model::Der>& extra_untrusted) {
  const std::optional<ossl::Sha256Digest> key = ChainKey(presented, extra_untrusted);
  if (key) {
    auto still_holds = [now](const RememberedVerdict& r) { return StillHolds(r, now); };
    if (auto remembered = store.impl().verdicts.Find(*key, still_holds)) return Recalled(*remembered);
  }
  ossl::DrainOpenSslErrors();
  ossl::X509Ptr leaf = presented.empty() ? nullptr : ParseDer(presented.front());
  if (!leaf) {
    ossl::DrainOpenSslErrors();
    return Failure(X509_V_ERR_UNSPECIFIED, 0, "leaf is not a certificate");
  }
  X509StackPtr untrusted(sk_X509_new_null());
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!untrusted || !ctx || !PushAll(untrusted.get(), presented, 1) ||
      !PushAll(untrusted.get(), extra_untrusted, 0) ||
      X509_STORE_CTX_init(ctx.get(), store.impl().store.get(), leaf.get(), untrusted.get()) != 1) {
    return Failure(X509_V_ERR_OUT_OF_MEM, 0, "cannot set up verification: " + ossl::DrainOpenSslErrors());
  }
  // The parameters libssl uses when a client checks a server (purpose
  // sslserver, trust ssl_server), then our clock instead of the wall clock.
  X509_STORE_CTX_set_default(ctx.get(), "ssl_server");
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), std::chrono::system_clock::to_time_t(now));

  int rc = X509_verify_cert(ctx.get());
  int error = X509_STORE_CTX_get_error(ctx.get());
  int depth = X509_STORE_CTX_get_error_depth(ctx.get());
  ossl::DrainOpenSslErrors();
  VerifyOutcome outcome{true, X509_V_OK, 0, "ok"};
  if (rc != 1 || error != X509_V_OK) {
    if (error == X509_V_OK) error = X509_V_ERR_UNSPECIFIED;  // rc < 0: internal failure
    outcome = Failure(error, depth, X509_verify_cert_error_string(error));
  }
  if (key) {
    if (auto remembered = Remembered(outcome, ctx.get(), now))
      store.impl().verdicts.Insert(*key, *remembered);
  }
  return outcome;
}

bool IsIssuedBy(const model::Der& cert, const model::Der& issuer) {
  // A pure function of the two certificates, asked on every probe (is the
  // presented chain in order? which certificate signed this CRL?).
  static detail::DigestMemo<bool> memo(TrustStore::Impl::kMemoEntries);
  ossl::Sha256 hash;
  const std::uint64_t cert_size = cert.size();
  const std::uint64_t issuer_size = issuer.size();
  hash.Update(&cert_size, sizeof cert_size).Update(cert.data(), cert.size());
  hash.Update(&issuer_size, sizeof issuer_size).Update(issuer.data(), issuer.size());
  const std::optional<ossl::Sha256Digest> key = hash.Final();
  if (key) {
    if (auto remembered = memo.Find(*key)) return *remembered;
  }
  ossl::X509Ptr subject_cert = ParseDer(cert);
  ossl::X509Ptr issuer_cert = ParseDer(issuer);
  bool issued = false;
  if (subject_cert && issuer_cert &&
      X509_NAME_cmp(X509_get_issuer_name(subject_cert.get()), X509_get_subject_name(issuer_cert.get())) ==
          0) {
    EVP_PKEY* issuer_key = X509_get0_pubkey(issuer_cert.get());
    issued = issuer_key != nullptr && X509_verify(subject_cert.get(), issuer_key) == 1;
  }
  ossl::DrainOpenSslErrors();
  if (key) memo.Insert(*key, issued);
  return issued;
}

}  // namespace lde::x509
