#include "probe/http_fetch.h"

#include "common/address_policy.h"
#include "discovery/url.h"
#include "http_client/http_exchange.h"
#include "probe/lookup.h"
#include "tls/connection.h"

namespace lde::probe {

Result<std::string> HttpGetBody(const std::string& url_text, const std::string& resolver,
                                const std::string& source, std::size_t max_bytes, const ProbeEnv& env,
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
  if (auto refused = RefuseLinkedAddress(endpoint.address, source)) return *refused;
  auto conn = tls::ConnectTcp(endpoint, deadline);
  if (!conn.ok()) return conn.error();
  http_client::HttpRequest request;
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

}  // namespace lde::probe
