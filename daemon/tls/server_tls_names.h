#pragma once

// tls_server_config.cipher_suites and curve_preferences, spelled as Go's
// crypto/tls spells them, applied to the listener's SSL_CTX. Internal to tls/.

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "tls/openssl_handles.h"

namespace lde::tls {

// Go/IANA suite names. TLS 1.2-and-below names restrict SSL_CTX_set_cipher_list,
// TLS 1.3 names SSL_CTX_set_ciphersuites; a version whose names are absent
// keeps OpenSSL's defaults (Go cannot configure TLS 1.3 suites at all). Call
// before setting the protocol versions: a suite outside the configured range
// is accepted, as Go accepts it. kConfig for an unknown name, or one this
// OpenSSL (at the context's security level) cannot honour.
std::optional<Error> ApplyGoCipherSuites(SSL_CTX* ctx, const std::vector<std::string>& names);

// CurveP256, CurveP384, CurveP521, X25519, in preference order. kConfig for
// any other name.
std::optional<Error> ApplyGoCurves(SSL_CTX* ctx, const std::vector<std::string>& names);

}  // namespace lde::tls
