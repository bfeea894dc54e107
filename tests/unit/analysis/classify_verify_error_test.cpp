#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include "analysis/chain_analysis.h"

namespace lde::analysis {
namespace {

using model::TrustReason;

// Against OpenSSL's own constants, so a renumbering would show up here.
TEST(ClassifyVerifyErrorTest, MapsOpenSslCodes) {
  const std::pair<int, TrustReason> cases[] = {
      {X509_V_OK, TrustReason::kOk},
      {X509_V_ERR_CERT_HAS_EXPIRED, TrustReason::kExpired},
      {X509_V_ERR_CERT_NOT_YET_VALID, TrustReason::kNotYetValid},
      {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, TrustReason::kSelfSigned},
      {X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, TrustReason::kSelfSigned},
      {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, TrustReason::kUnknownIssuer},
      {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, TrustReason::kUnknownIssuer},
      {X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, TrustReason::kUnknownIssuer},
      {X509_V_ERR_CERT_REVOKED, TrustReason::kRevoked},
      {X509_V_ERR_CERT_SIGNATURE_FAILURE, TrustReason::kOther},
      {X509_V_ERR_INVALID_PURPOSE, TrustReason::kOther},
      {X509_V_ERR_HOSTNAME_MISMATCH, TrustReason::kOther},
      {X509_V_ERR_UNSPECIFIED, TrustReason::kOther},
      {-1, TrustReason::kOther},
      {100000, TrustReason::kOther},
  };
  for (const auto& [code, reason] : cases) {
    SCOPED_TRACE(code);
    EXPECT_EQ(ClassifyVerifyError(code), reason);
  }
}

}  // namespace
}  // namespace lde::analysis
