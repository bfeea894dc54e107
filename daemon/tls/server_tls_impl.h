#pragma once

// What a ServerTlsContext holds. Internal to tls/ (server_tls*.cpp).

#include <string>
#include <vector>

#include "tls/openssl_handles.h"
#include "tls/server_tls.h"

namespace lde::tls {

struct ServerTlsContext::Impl {
  SslCtxPtr ctx;
  // tls_server_config.client_allowed_sans: checked after each handshake,
  // since OpenSSL has no such setting.
  std::vector<std::string> allowed_sans;
};

}  // namespace lde::tls
