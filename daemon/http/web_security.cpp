#include "http/web_security.h"

#include "tls/server_tls.h"

namespace lde::http {

Result<std::shared_ptr<const WebSecurity>> BuildWebSecurity(const model::WebConfig& config) {
  auto security = std::make_shared<WebSecurity>();
  if (config.tls) {
    auto context = tls::ServerTlsContext::Create(*config.tls);
    if (!context.ok()) return context.error();
    security->tls = std::move(context).value();
  }
  security->auth = std::make_shared<BasicAuthenticator>(config.basic_auth_users);
  security->headers = config.headers;
  security->rate_limit = config.rate_limit;
  return std::shared_ptr<const WebSecurity>(std::move(security));
}

std::shared_ptr<const WebSecurity> OpenWebSecurity() {
  auto security = std::make_shared<WebSecurity>();
  security->auth = std::make_shared<BasicAuthenticator>(std::map<std::string, std::string>{});
  return security;
}

}  // namespace lde::http
