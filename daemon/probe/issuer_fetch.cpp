#include "probe/issuer_fetch.h"

#include <chrono>

#include "discovery/url.h"
#include "http_client/http_exchange.h"
#include "probe/lookup.h"
#include "tls/connection.h"
#include "x509/certificate.h"

namespace lde::probe {
namespace {

constexpr std::size_t kMaxUrls = 2;
constexpr std::size_t kMaxIssuerBytes = 64 * 1024;

std::vector<model::Der> FetchOne(const std::string& url_text, const std::string& resolver,
                                 const ProbeEnv& env, const Deadline& deadline) {
  auto url = discovery::ParseUrl(url_text);
  if (!url.ok() || url.value().scheme != "http") return {};
  auto dns = Lookup(env, resolver, url.value().host, deadline);
  if (!dns.success) return {};
  model::Endpoint endpoint{url.value().host, dns.addresses.front(), url.value().port};
  auto conn = tls::ConnectTcp(endpoint, deadline);
  if (!conn.ok()) return {};
  http_client::HttpRequest request;
  request.host_header = http_client::HostHeader(url.value().host, url.value().port, false);
  request.target = url.value().path_and_query;
  auto response = http_client::HttpExchange(conn.value(), request, kMaxIssuerBytes, deadline);
  if (!response.ok() || response.value().status != 200 || response.value().body_truncated) return {};
  auto certs = x509::ParseIssuerCertificates(response.value().body);
  if (!certs.ok()) return {};
  return std::move(certs).value();
}

}  // namespace

std::vector<model::Der> FetchMissingIssuers(const model::ChainReport& chain, const std::string& resolver,
                                            const ProbeEnv& env, const Deadline& deadline) {
  if (chain.certs.empty()) return {};
  const auto& urls = chain.certs.back().ca_issuer_urls;
  Deadline fetch_deadline = deadline.Earliest(std::chrono::seconds(3));
  for (std::size_t i = 0; i < urls.size() && i < kMaxUrls; ++i) {
    auto now = std::chrono::steady_clock::now();
    if (auto cached = env.issuers->Get(urls[i], now)) {
      if (!cached->empty()) return *cached;
      continue;
    }
    auto certs = FetchOne(urls[i], resolver, env, fetch_deadline);
    // Failures are cached too (as empty), so an unreachable AIA server is
    // not asked again on every probe.
    env.issuers->Put(urls[i], certs, now);
    if (!certs.empty()) return certs;
  }
  return {};
}

}  // namespace lde::probe
