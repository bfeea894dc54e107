#include "probe/issuer_fetch.h"

#include <chrono>

#include "probe/http_fetch.h"
#include "x509/certificate.h"

namespace lde::probe {
namespace {

constexpr std::size_t kMaxUrls = 2;
constexpr std::size_t kMaxIssuerBytes = 64 * 1024;

std::vector<model::Der> FetchOne(const std::string& url, const std::string& resolver, const ProbeEnv& env,
                                 const Deadline& deadline) {
  auto body = HttpGetBody(url, resolver, kMaxIssuerBytes, env, deadline);
  if (!body.ok()) return {};
  auto certs = x509::ParseIssuerCertificates(body.value());
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
    auto now = env.clock->SteadyNow();
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
