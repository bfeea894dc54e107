#include "probe/issuer_fetch.h"

#include <chrono>

#include "model/budgets.h"
#include "probe/http_fetch.h"
#include "x509/certificate.h"

namespace lde::probe {
namespace {

constexpr std::size_t kMaxUrls = 2;
constexpr std::size_t kMaxIssuerBytes = model::budget::kIssuerBytes.value;
constexpr std::chrono::hours kIssuerTtl{1};

struct Fetched {
  FetchCache::Entry entry;
  bool refused = false;  // RefuseLinkedAddress said no: nothing was connected
};

// Only the certificates are kept (as DER); an answer that holds none is a
// failure like any other, kept with its reason and without its bytes.
Fetched FetchOne(const std::string& url, const std::string& resolver, const std::string& source,
                 const ProbeEnv& env, const Deadline& deadline) {
  auto failed = [](const Error& error) {
    return FetchCache::Entry{{}, std::string(ErrorKindName(error.kind)) + ": " + error.detail};
  };
  auto body = HttpGetBody(url, resolver, source, kMaxIssuerBytes, env, deadline);
  if (!body.ok()) return {failed(body.error()), body.error().kind == ErrorKind::kAddressRefused};
  auto certs = x509::ParseIssuerCertificates(body.value());
  if (!certs.ok()) return {failed(certs.error()), false};
  return {FetchCache::Entry{std::move(certs).value(), ""}, false};
}

}  // namespace

std::vector<model::Der> FetchMissingIssuers(const model::ChainReport& chain, const std::string& resolver,
                                            const std::string& source, const ProbeEnv& env,
                                            const Deadline& deadline) {
  if (chain.certs.empty()) return {};
  const auto& urls = chain.certs.back().ca_issuer_urls;
  Deadline fetch_deadline = deadline.Earliest(std::chrono::seconds(3));
  for (std::size_t i = 0; i < urls.size() && i < kMaxUrls; ++i) {
    auto now = env.clock->SteadyNow();
    if (auto cached = env.issuers->Find(urls[i], now)) {
      if (!cached->payload.empty()) return std::move(cached->payload);
      continue;
    }
    Fetched fetched = FetchOne(urls[i], resolver, source, env, fetch_deadline);
    std::vector<model::Der> certs = fetched.entry.payload;
    // Failures are cached too, so an unreachable AIA server is not asked
    // again on every probe; a refusal is not (it depends on who named the
    // URL, and costs no fetch).
    if (!fetched.refused) env.issuers->PutUntil(urls[i], std::move(fetched.entry), now, now + kIssuerTtl);
    if (!certs.empty()) return certs;
  }
  return {};
}

}  // namespace lde::probe
