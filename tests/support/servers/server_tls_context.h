#pragma once

// The test server's SSL_CTX. Internal to tests/support/servers.

#include <openssl/ssl.h>

#include <memory>

#include "support/servers/tls_test_server.h"

namespace lde::testing::detail {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
};
using ServerCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

// Serves options.cert_chain_pem exactly as given (leaf first, no chain
// building) with options.key_pem, at security level 0 so weak test
// certificates can be served, and staples options.ocsp_staple. `options`
// must outlive the context. Throws std::runtime_error.
ServerCtxPtr MakeServerContext(const TlsTestServerOptions& options);

}  // namespace lde::testing::detail
