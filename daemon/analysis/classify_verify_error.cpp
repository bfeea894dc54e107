#include "analysis/chain_analysis.h"
#include "x509/verify_error.h"

namespace lde::analysis {

model::TrustReason ClassifyVerifyError(int x509_v_err) {
  namespace e = x509::verify_error;
  using model::TrustReason;
  switch (x509_v_err) {
    case e::kOk:
      return TrustReason::kOk;
    case e::kCertHasExpired:
      return TrustReason::kExpired;
    case e::kCertNotYetValid:
      return TrustReason::kNotYetValid;
    case e::kDepthZeroSelfSignedCert:
    case e::kSelfSignedCertInChain:
      return TrustReason::kSelfSigned;
    case e::kUnableToGetIssuerCert:
    case e::kUnableToGetIssuerCertLocally:
    case e::kUnableToVerifyLeafSignature:
      return TrustReason::kUnknownIssuer;
    case e::kCertRevoked:
      return TrustReason::kRevoked;
    default:
      return TrustReason::kOther;
  }
}

}  // namespace lde::analysis
