#pragma once

// Internal to x509/ and tls/ (the only modules allowed to include OpenSSL):
// owning handles for OpenSSL objects, each a unique_ptr with its free
// function, plus the small conversions every user of them needs.

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "model/observations.h"

namespace lde::x509 {

template <typename T, void (*Free)(T*)>
struct OpenSslDeleter {
  void operator()(T* p) const { Free(p); }
};

using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE, X509_STORE_free>>;
using X509StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO, BIO_free_all>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OpenSslDeleter<PKCS7, PKCS7_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, OpenSslDeleter<X509_CRL, X509_CRL_free>>;

// A STACK_OF(X509) that owns its certificates (sk_X509_pop_free).
struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// Decodes one DER certificate; null unless the bytes are exactly one
// certificate (trailing bytes are refused: they mean a framing error).
X509Ptr ParseDer(const unsigned char* data, std::size_t size);
inline X509Ptr ParseDer(const model::Der& der) { return ParseDer(der.data(), der.size()); }

// An ASN.1 UTCTime/GeneralizedTime as a time point; nullopt when absent or
// malformed.
std::optional<SysTime> Asn1TimeToSysTime(const ASN1_TIME* t);

// A distinguished name in the RFC 2253 one-line form ("" on failure).
std::string NameToString(const X509_NAME* name);

// Re-encodes a certificate as DER; empty on failure.
model::Der ToDer(const X509* cert);

// Empties this thread's OpenSSL error queue and returns it as text
// ("" when empty), so one caller's errors never leak into the next call.
std::string DrainOpenSslErrors();

}  // namespace lde::x509
