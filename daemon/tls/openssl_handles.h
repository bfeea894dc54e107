#pragma once

// unique_ptr aliases for the libssl handles only tls/ owns; the libcrypto
// ones both tls/ and x509/ use (BioPtr, X509Ptr) live in ossl/handles.h.

#include <openssl/ssl.h>

#include "ossl/handles.h"

namespace lde::tls {

using SslCtxPtr = ossl::OsslPtr<SSL_CTX, SSL_CTX_free>;
using SslPtr = ossl::OsslPtr<SSL, SSL_free>;

}  // namespace lde::tls
