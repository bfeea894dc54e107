#include "x509/verify.h"

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

VerifyOutcome VerifyChain(const std::vector<model::Der>& presented, const TrustStore& store, SysTime now,
                          const std::vector<model::Der>& extra_untrusted) {
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
  if (rc == 1 && error == X509_V_OK) return VerifyOutcome{true, X509_V_OK, 0, "ok"};
  if (error == X509_V_OK) error = X509_V_ERR_UNSPECIFIED;  // rc < 0: internal failure
  return Failure(error, depth, X509_verify_cert_error_string(error));
}

bool IsIssuedBy(const model::Der& cert, const model::Der& issuer) {
  ossl::X509Ptr subject_cert = ParseDer(cert);
  ossl::X509Ptr issuer_cert = ParseDer(issuer);
  bool issued = false;
  if (subject_cert && issuer_cert &&
      X509_NAME_cmp(X509_get_issuer_name(subject_cert.get()), X509_get_subject_name(issuer_cert.get())) ==
          0) {
    EVP_PKEY* key = X509_get0_pubkey(issuer_cert.get());
    issued = key != nullptr && X509_verify(subject_cert.get(), key) == 1;
  }
  ossl::DrainOpenSslErrors();
  return issued;
}

}  // namespace lde::x509
