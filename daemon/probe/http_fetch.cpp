#include "probe/http_fetch.h"

#include "common/address_policy.h"
#include "discovery/url.h"
#include "http_client/http_exchange.h"
#include "probe/lookup.h"
#include "tls/connection.h"

namespace lde::probe {
namespace {

// One exchange with the server of a certificate-named http URL: `request`
// has its method, fields and body; the Host field and target come from the
// URL. Everything else (resolving, address policy, bounds) is shared by GET
// and POST.
Result<std::string> Exchange(const std::string& url_text, http_client::HttpRequest request,
                             const std::string& resolver, const std::string& source, std::size_t max_bytes,
                             const ProbeEnv& env, const Deadline& deadline) {
  auto url = discovery::ParseUrl(url_text);
  if (!url.ok()) return url.error();
  if (url.value().scheme != "http") return MakeError(ErrorKind::kConfig, "not an http URL: " + url_text);
  auto dns = Lookup(env, resolver, url.value().host, deadline);
  if (!dns.success) {
    // A lookup that ran out of the deadline is a timeout like any other
    // step's, not a DNS failure: the reason must not depend on which step
    // the clock ran out in.
    const bool timed_out = dns.failure && dns.failure->reason == model::Reason::kTimeout;
    return MakeError(timed_out ? ErrorKind::kTimeout : ErrorKind::kDnsError,
                     dns.failure
                         ? std::string(model::ReasonName(dns.failure->reason)) + ": " + dns.failure->detail
                         : "no address");
  }
  model::Endpoint endpoint{url.value().host, dns.addresses.front(), url.value().port};
  if (auto refused = RefuseLinkedAddress(endpoint.address, source)) return *refused;
  auto conn = tls::ConnectTcp(endpoint, deadline);
  if (!conn.ok()) return conn.error();
  request.host_header = http_client::HostHeader(url.value().host, url.value().port, false);
  request.target = url.value().path_and_query;
  auto response = http_client::HttpExchange(conn.value(), request, max_bytes, deadline);
  if (!response.ok()) return response.error();
  if (response.value().body_truncated) {
    return MakeError(ErrorKind::kBodyTooLarge, "larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (response.value().status != 200) {
    return MakeError(ErrorKind::kHttpStatus, "HTTP " + std::to_string(response.value().status));
  }
  return std::move(response).value().body;
}

}  // namespace

Result<std::string> HttpGetBody(const std::string& url, const std::string& resolver,
                                const std::string& source, std::size_t max_bytes, const ProbeEnv& env,
                                const Deadline& deadline) {
  return Exchange(url, http_client::HttpRequest{}, resolver, source, max_bytes, env, deadline);
}

Result<std::string> HttpPostBody(const std::string& url, const std::string& content_type,
                                 const std::string& accept, std::string body, const std::string& resolver,
                                 const std::string& source, std::size_t max_bytes, const ProbeEnv& env,
                                 const Deadline& deadline) {
  http_client::HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", content_type}, {"Accept", accept}};
  request.body = std::move(body);
  return Exchange(url, std::move(request), resolver, source, max_bytes, env, deadline);
}

}  // namespace lde::probe
