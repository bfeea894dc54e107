#pragma once

// Owning handles for OpenSSL objects: a unique_ptr with the object's free
// function. Internal to the modules that own OpenSSL (ossl/, x509/, tls/).

#include <openssl/bio.h>
#include <openssl/x509.h>

#include <memory>

namespace lde::ossl {

// Calls `Free` on destruction; `Free` is a function such as X509_free.
template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};

// OsslPtr<X509, X509_free>: a unique_ptr that frees with `Free`.
template <typename T, auto Free>
using OsslPtr = std::unique_ptr<T, Deleter<Free>>;

using BioPtr = OsslPtr<BIO, BIO_free_all>;
using X509Ptr = OsslPtr<X509, X509_free>;

}  // namespace lde::ossl
