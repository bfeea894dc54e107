#pragma once

// The part of the server that --web.config.file controls, built once per
// (re)load and swapped whole: connections accepted after a reload use the
// new one, connections already open finish on the one they started with.

#include <memory>

#include "common/result.h"
#include "http/basic_auth.h"
#include "http/response.h"
#include "model/web_config.h"

namespace lde::tls {
class ServerTlsContext;
}  // namespace lde::tls

namespace lde::http {

struct WebSecurity {
  std::shared_ptr<const tls::ServerTlsContext> tls;  // null: plain HTTP
  std::shared_ptr<BasicAuthenticator> auth;          // never null; may be disabled
  HeaderList headers;                                // added to every response
  model::RateLimit rate_limit;
};

// Loads the TLS certificate and key and prepares the authenticator. An
// error (ErrorKind::kConfig) names the setting; the caller keeps the
// previous WebSecurity.
Result<std::shared_ptr<const WebSecurity>> BuildWebSecurity(const model::WebConfig& config);

// No TLS, no authentication, no extra headers: the default without
// --web.config.file.
std::shared_ptr<const WebSecurity> OpenWebSecurity();

}  // namespace lde::http
