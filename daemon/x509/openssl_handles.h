#pragma once

// Internal to x509/: owning handles for the OpenSSL objects only x509/ uses
// (the shared ones, X509Ptr and BioPtr, live in ossl/handles.h), plus the
// small conversions every user of them needs.

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
#include "ossl/handles.h"

namespace lde::x509 {

using X509StorePtr = ossl::OsslPtr<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = ossl::OsslPtr<X509_STORE_CTX, X509_STORE_CTX_free>;
using Pkcs7Ptr = ossl::OsslPtr<PKCS7, PKCS7_free>;
using X509CrlPtr = ossl::OsslPtr<X509_CRL, X509_CRL_free>;

// A STACK_OF(X509) that owns its certificates (sk_X509_pop_free).
struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// Decodes one DER certificate; null unless the bytes are exactly one
// certificate (trailing bytes are refused: they mean a framing error).
ossl::X509Ptr ParseDer(const unsigned char* data, std::size_t size);
inline ossl::X509Ptr ParseDer(const model::Der& der) { return ParseDer(der.data(), der.size()); }

// An ASN.1 UTCTime/GeneralizedTime as a time point; nullopt when absent or
// malformed.
std::optional<SysTime> Asn1TimeToSysTime(const ASN1_TIME* t);

// A distinguished name in the RFC 2253 one-line form ("" on failure).
std::string NameToString(const X509_NAME* name);

}  // namespace lde::x509
