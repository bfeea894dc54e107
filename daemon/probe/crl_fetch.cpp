#include "probe/crl_fetch.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "discovery/url.h"
#include "probe/http_fetch.h"
#include "x509/crl.h"

namespace lde::probe {
namespace {

constexpr std::size_t kMaxUrlsPerCert = 2;
constexpr std::chrono::seconds kPerUrlBudget{3};
constexpr std::chrono::seconds kTotalBudget{5};
constexpr std::chrono::hours kMaxTtl{1};

// What one URL gave: the CRL bytes (empty when the answer was not a CRL), or
// why there are none.
struct CachedCrl {
  SysTime fetched{};
  bool ok = false;
  model::Der body;
  std::string error;
};

// A CRL is kept until its nextUpdate (a newer one is not due before), but
// at least kCrlFailureTtl (a stale CRL is not refetched on every probe) and
// at most an hour (an emergency reissue is seen within the hour). A failure,
// or an answer that is not a CRL, for kCrlFailureTtl.
SysTime FreshUntil(SysTime fetched, const std::optional<x509::CrlFacts>& crl) {
  if (!crl) return fetched + kCrlFailureTtl;
  SysTime until = fetched + kMaxTtl;
  if (crl->next_update) until = std::min(until, std::max(*crl->next_update, fetched + kCrlFailureTtl));
  return until;
}

CachedCrl FetchAndCache(const std::string& url, const std::string& resolver, const std::string& source,
                        const ProbeEnv& env, const Deadline& deadline) {
  CachedCrl entry;
  entry.fetched = env.clock->Now();
  SteadyTime steady_now = env.clock->SteadyNow();
  auto body = HttpGetBody(url, resolver, source, kMaxCrlBytes, env, deadline.Earliest(kPerUrlBudget));
  FetchCache::Entry cached;
  std::optional<x509::CrlFacts> crl;
  if (body.ok()) {
    entry.ok = true;
    // Decoded once, here: for its nextUpdate, and so that only a CRL is kept
    // (as DER, whatever it was served as). Junk is dropped now; analysis
    // judges the empty body invalid, on this probe and on cached ones.
    if (auto decoded = x509::DecodeCrl(body.value()); decoded.ok()) {
      crl = std::move(decoded).value();
      entry.body = std::move(crl->der);
      cached.payload = {entry.body};
    }
  } else {
    entry.error = std::string(ErrorKindName(body.error().kind)) + ": " + body.error().detail;
    cached.error = entry.error;
  }
  // A refusal depends on who named the URL, and costs no fetch: not cached.
  if (!body.ok() && body.error().kind == ErrorKind::kAddressRefused) return entry;
  env.crls->PutUntil(url, std::move(cached), steady_now,
                     steady_now + (FreshUntil(entry.fetched, crl) - entry.fetched));
  return entry;
}

}  // namespace

std::vector<analysis::CrlFetch> FetchCrls(const model::ChainReport& chain, const std::string& resolver,
                                          const std::string& source, const ProbeEnv& env,
                                          const Deadline& deadline) {
  std::vector<analysis::CrlFetch> out;
  Deadline all = deadline.Earliest(kTotalBudget);
  std::size_t positions = 0;
  for (std::size_t position = 0; position < chain.certs.size(); ++position) {
    const model::PackedCertFacts& cert = *chain.certs[position];
    if (cert.self_issued() || cert.crl_urls().empty()) continue;
    if (++positions > kMaxCrlPositions) break;
    std::size_t tried = 0;
    for (const std::string& url_text : cert.crl_urls().ToVector()) {
      auto url = discovery::ParseUrl(url_text);
      if (!url.ok() || url.value().scheme != "http") continue;  // ldap, https: not fetched
      if (tried++ == kMaxUrlsPerCert) break;
      std::optional<CachedCrl> entry;
      if (auto cached = env.crls->Find(url_text, env.clock->SteadyNow())) {
        entry = CachedCrl{env.clock->Now(), cached->error.empty(), {}, cached->error};
        if (entry->ok && !cached->payload.empty()) entry->body = std::move(cached->payload.front());
      }
      if (!entry) {
        entry = all.Expired() ? CachedCrl{env.clock->Now(), false, {}, "timeout: CRL fetch budget spent"}
                              : FetchAndCache(url_text, resolver, source, env, all);
      }
      if (entry->ok) {
        out.push_back(analysis::CrlFetch{position, url_text, std::move(entry->body), ""});
        break;
      }
      out.push_back(analysis::CrlFetch{position, url_text, std::nullopt, entry->error});
    }
  }
  return out;
}

}  // namespace lde::probe
