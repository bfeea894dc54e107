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

// A failure is cached as "reason: detail" (FetchCache::Entry::error); the
// reason tells an answer that was no certificate from a fetch that failed.
model::IssuerFetchStatus FailureStatus(const std::string& error) {
  return error.starts_with(ErrorKindName(ErrorKind::kCertificateParse))
             ? model::IssuerFetchStatus::kInvalid
             : model::IssuerFetchStatus::kUnavailable;
}

// Only the certificates are kept (as DER); an answer that holds none is a
// failure like any other, kept with its reason and without its bytes.
FetchCache::Entry FetchOne(const std::string& url, const std::string& resolver, const std::string& source,
                           const ProbeEnv& env, const Deadline& deadline, bool& refused) {
  auto failed = [](const Error& error) {
    return FetchCache::Entry{{}, std::string(ErrorKindName(error.kind)) + ": " + error.detail};
  };
  auto body = HttpGetBody(url, resolver, source, kMaxIssuerBytes, env, deadline);
  refused = !body.ok() && body.error().kind == ErrorKind::kAddressRefused;
  if (!body.ok()) return failed(body.error());
  auto certs = x509::ParseIssuerCertificates(body.value());
  if (!certs.ok()) return failed(certs.error());
  return FetchCache::Entry{std::move(certs).value(), ""};
}

}  // namespace

IssuerFetch FetchMissingIssuers(const model::ChainReport& chain, const std::string& resolver,
                                const std::string& source, const ProbeEnv& env, const Deadline& deadline) {
  IssuerFetch out;
  if (chain.certs.empty()) return out;
  const std::vector<std::string> urls = chain.certs.back()->ca_issuer_urls().ToVector();
  Deadline fetch_deadline = deadline.Earliest(std::chrono::seconds(3));
  for (std::size_t i = 0; i < urls.size() && i < kMaxUrls; ++i) {
    out.report.url = urls[i];
    auto now = env.clock->SteadyNow();
    std::optional<FetchCache::Entry> entry = env.issuers->Find(urls[i], now);
    bool refused = false;
    if (!entry) {
      entry = FetchOne(urls[i], resolver, source, env, fetch_deadline, refused);
      // Failures are cached too, so an unreachable AIA server is not asked
      // again on every probe; a refusal is not (it depends on who named the
      // URL, and costs no fetch).
      if (!refused) env.issuers->PutUntil(urls[i], *entry, now, now + kIssuerTtl);
    }
    if (!entry->payload.empty()) {
      out.report = {model::IssuerFetchStatus::kFetched, urls[i], ""};
      out.certs = std::move(entry->payload);
      return out;
    }
    out.report.status = refused ? model::IssuerFetchStatus::kAddressRefused : FailureStatus(entry->error);
    out.report.detail = entry->error;
  }
  return out;
}

}  // namespace lde::probe
