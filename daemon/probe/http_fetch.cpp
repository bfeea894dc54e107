#include "probe/http_fetch.h"

#include "common/address_policy.h"
#include "discovery/url.h"
#include "http_client/http_exchange.h"
#include "probe/lookup.h"
#include "tls/connection.h"

namespace lde::probe {
namespace {

// One exchange with the server of an http URL: `request` has its method,
// fields and body; the Host field and target come from the URL. Everything
// else (resolving, address policy, bounds) is shared by every caller.
Result<model::HttpObservation> Exchange(const std::string& url_text, http_client::HttpRequest request,
                                        const std::string& resolver, const std::optional<std::string>& source,
                                        std::size_t max_bytes, const ProbeEnv& env,
                                        const Deadline& deadline) {
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
  if (source) {
    if (auto refused = RefuseLinkedAddress(endpoint.address, *source)) return *refused;
  }
  auto conn = tls::ConnectTcp(endpoint, deadline);
  if (!conn.ok()) return conn.error();
  request.host_header = http_client::HostHeader(url.value().host, url.value().port, false);
  request.target = url.value().path_and_query;
  return http_client::HttpExchange(conn.value(), request, max_bytes, deadline);
}

// The body of a 200 answer that fits, else why not.
Result<std::string> Body(Result<model::HttpObservation> response, std::size_t max_bytes) {
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
  return Body(Exchange(url, http_client::HttpRequest{}, resolver, source, max_bytes, env, deadline),
              max_bytes);
}

Result<model::HttpObservation> HttpGet(const std::string& url, const std::string& accept,
                                       const std::string& resolver, std::size_t max_bytes,
                                       const ProbeEnv& env, const Deadline& deadline) {
  http_client::HttpRequest request;
  request.headers = {{"Accept", accept}};
  return Exchange(url, std::move(request), resolver, std::nullopt, max_bytes, env, deadline);
}

Result<std::string> HttpPostBody(const std::string& url, const std::string& content_type,
                                 const std::string& accept, std::string body, const std::string& resolver,
                                 const std::string& source, std::size_t max_bytes, const ProbeEnv& env,
                                 const Deadline& deadline) {
  http_client::HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", content_type}, {"Accept", accept}};
  request.body = std::move(body);
  return Body(Exchange(url, std::move(request), resolver, source, max_bytes, env, deadline), max_bytes);
}

}  // namespace lde::probe
