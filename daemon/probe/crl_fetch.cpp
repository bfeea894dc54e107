#include "probe/crl_fetch.h"

#include <algorithm>
#include <chrono>

#include "discovery/url.h"
#include "http_client/http_exchange.h"
#include "probe/lookup.h"
#include "tls/connection.h"
#include "x509/crl.h"

namespace lde::probe {
namespace {

constexpr std::size_t kMaxUrlsPerCert = 2;
constexpr std::chrono::seconds kPerUrlBudget{3};
constexpr std::chrono::seconds kTotalBudget{5};
constexpr std::chrono::hours kMaxTtl{1};  // also the IssuerCache's own TTL

// What one URL gave, as kept in the shared IssuerCache. That cache holds
// DER vectors for one fixed TTL, so an entry is encoded as
// {fetch time, payload, kind}: payload is the CRL bytes (kind 'C') or the
// error text (kind 'E'), and the freshness rules below are applied on read.
struct CachedCrl {
  SysTime fetched{};
  bool ok = false;
  model::Der body;
  std::string error;
};

std::string CacheKey(const std::string& url) { return "crl " + url; }

std::vector<model::Der> Encode(const CachedCrl& entry) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(entry.fetched.time_since_epoch()).count();
  model::Der stamp(8);
  for (int i = 7; i >= 0; --i, seconds >>= 8) stamp[static_cast<std::size_t>(i)] = seconds & 0xff;
  model::Der payload = entry.ok ? entry.body : model::Der(entry.error.begin(), entry.error.end());
  return {std::move(stamp), std::move(payload), model::Der{static_cast<unsigned char>(entry.ok ? 'C' : 'E')}};
}

std::optional<CachedCrl> Decode(const std::vector<model::Der>& blobs) {
  if (blobs.size() != 3 || blobs[0].size() != 8 || blobs[2].size() != 1) return std::nullopt;
  long long seconds = 0;
  for (unsigned char byte : blobs[0]) seconds = (seconds << 8) | byte;
  CachedCrl entry;
  entry.fetched = SysTime(std::chrono::seconds(seconds));
  entry.ok = blobs[2][0] == 'C';
  if (entry.ok) {
    entry.body = blobs[1];
  } else {
    entry.error.assign(blobs[1].begin(), blobs[1].end());
  }
  return entry;
}

// A CRL is kept until its nextUpdate (a newer one is not due before), but
// at least kCrlFailureTtl (a stale CRL is not refetched on every probe) and
// at most an hour (an emergency reissue is seen within the hour).
SysTime FreshUntil(const CachedCrl& entry) {
  if (!entry.ok) return entry.fetched + kCrlFailureTtl;
  SysTime until = entry.fetched + kMaxTtl;
  std::string_view bytes(reinterpret_cast<const char*>(entry.body.data()), entry.body.size());
  auto facts = x509::DecodeCrl(bytes);
  if (!facts.ok()) return entry.fetched + kCrlFailureTtl;
  if (facts.value().next_update) {
    until = std::min(until, std::max(*facts.value().next_update, entry.fetched + kCrlFailureTtl));
  }
  return until;
}

Result<model::Der> FetchOne(const discovery::Url& url, const std::string& resolver, const ProbeEnv& env,
                            const Deadline& deadline) {
  auto dns = Lookup(env, resolver, url.host, deadline);
  if (!dns.success) {
    return MakeError(ErrorKind::kDnsError,
                     dns.failure ? dns.failure->reason + ": " + dns.failure->detail : "no address");
  }
  model::Endpoint endpoint{url.host, dns.addresses.front(), url.port};
  auto conn = tls::ConnectTcp(endpoint, deadline);
  if (!conn.ok()) return conn.error();
  http_client::HttpRequest request;
  request.host_header = http_client::HostHeader(url.host, url.port, false);
  request.target = url.path_and_query;
  auto response = http_client::HttpExchange(conn.value(), request, kMaxCrlBytes, deadline);
  if (!response.ok()) return response.error();
  if (response.value().body_truncated) {
    return MakeError(ErrorKind::kBodyTooLarge, "CRL larger than " + std::to_string(kMaxCrlBytes) + " bytes");
  }
  if (response.value().status != 200) {
    return MakeError(ErrorKind::kHttpStatus, "HTTP " + std::to_string(response.value().status));
  }
  const std::string& body = response.value().body;
  return model::Der(body.begin(), body.end());
}

CachedCrl FetchAndCache(const std::string& url_text, const discovery::Url& url, const std::string& resolver,
                        const ProbeEnv& env, const Deadline& deadline) {
  CachedCrl entry;
  entry.fetched = env.clock->Now();
  auto body = FetchOne(url, resolver, env, deadline.Earliest(kPerUrlBudget));
  if (body.ok()) {
    entry.ok = true;
    entry.body = std::move(body).value();
  } else {
    entry.error = std::string(ErrorKindName(body.error().kind)) + ": " + body.error().detail;
  }
  env.issuers->Put(CacheKey(url_text), Encode(entry), env.clock->SteadyNow());
  return entry;
}

}  // namespace

std::vector<analysis::CrlFetch> FetchCrls(const model::ChainReport& chain, const std::string& resolver,
                                          const ProbeEnv& env, const Deadline& deadline) {
  std::vector<analysis::CrlFetch> out;
  Deadline all = deadline.Earliest(kTotalBudget);
  std::size_t positions = 0;
  for (std::size_t position = 0; position < chain.certs.size(); ++position) {
    const model::CertFacts& cert = chain.certs[position];
    if (cert.self_issued || cert.crl_urls.empty()) continue;
    if (++positions > kMaxCrlPositions) break;
    std::size_t tried = 0;
    for (const std::string& url_text : cert.crl_urls) {
      auto url = discovery::ParseUrl(url_text);
      if (!url.ok() || url.value().scheme != "http") continue;  // ldap, https: not fetched
      if (tried++ == kMaxUrlsPerCert) break;
      std::optional<CachedCrl> entry;
      if (auto blobs = env.issuers->Get(CacheKey(url_text), env.clock->SteadyNow())) {
        entry = Decode(*blobs);
        if (entry && FreshUntil(*entry) <= env.clock->Now()) entry.reset();
      }
      if (!entry) {
        entry = all.Expired() ? CachedCrl{env.clock->Now(), false, {}, "timeout: CRL fetch budget spent"}
                              : FetchAndCache(url_text, url.value(), resolver, env, all);
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
