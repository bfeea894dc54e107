#pragma once

// Test support only: RAII handles for the OpenSSL objects the certificate,
// CRL/OCSP factories and the TLS test server build, and one way to turn the
// OpenSSL error queue into an exception (set-up failures in tests throw).

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lde::testing {

template <typename T, void (*F)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { F(p); }
};
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY, EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BIGNUM, BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION, X509_EXTENSION_free>>;

// Throws std::runtime_error "<who>: <what>; <drained OpenSSL errors>".
[[noreturn]] inline void ThrowOpenSslError(std::string_view who, const std::string& what) {
  std::string detail = std::string(who) + ": " + what;
  char buf[256];
  while (unsigned long e = ERR_get_error()) {
    ERR_error_string_n(e, buf, sizeof buf);
    detail += "; ";
    detail += buf;
  }
  throw std::runtime_error(detail);
}

}  // namespace lde::testing
