#pragma once

// The X509_V_ERR_* codes other modules need to tell apart, as plain ints, so
// that they can classify VerifyOutcome::error without including OpenSSL.
// verify.cpp static_asserts each one against OpenSSL's own value.

namespace lde::x509::verify_error {

inline constexpr int kOk = 0;
inline constexpr int kUnspecified = 1;
inline constexpr int kUnableToGetIssuerCert = 2;
inline constexpr int kCertSignatureFailure = 7;
inline constexpr int kCertNotYetValid = 9;
inline constexpr int kCertHasExpired = 10;
inline constexpr int kDepthZeroSelfSignedCert = 18;
inline constexpr int kSelfSignedCertInChain = 19;
inline constexpr int kUnableToGetIssuerCertLocally = 20;
inline constexpr int kUnableToVerifyLeafSignature = 21;
inline constexpr int kCertRevoked = 23;
inline constexpr int kInvalidPurpose = 26;

}  // namespace lde::x509::verify_error
