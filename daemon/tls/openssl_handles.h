#pragma once

// unique_ptr aliases for the OpenSSL handles tls/ owns. Internal to tls/:
// only this module (and x509/) includes OpenSSL headers.

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>

namespace lde::tls {

template <auto Fn>
struct OpenSslDeleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    Fn(p);
  }
};

using SslCtxPtr = std::unique_ptr<SSL_CTX, OpenSslDeleter<&SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, OpenSslDeleter<&SSL_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<&BIO_free_all>>;

}  // namespace lde::tls
