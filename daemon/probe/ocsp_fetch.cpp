#include "probe/ocsp_fetch.h"

#include <algorithm>
#include <optional>

#include "analysis/revocation.h"
#include "discovery/url.h"
#include "probe/http_fetch.h"
#include "x509/ocsp_request.h"

namespace lde::probe {
namespace {

constexpr std::size_t kMaxUrlsPerCert = 2;
constexpr std::chrono::seconds kPerUrlBudget{3};
constexpr std::chrono::seconds kTotalBudget{5};
constexpr std::chrono::hours kMaxTtl{1};

// What a client would use for the leaf instead of asking: a staple that
// verified, whatever it says.
bool HasValidStaple(const model::ChainReport& chain) {
  auto status = chain.ocsp_staple->status;
  return status != model::OcspStapleStatus::kNone && status != model::OcspStapleStatus::kInvalid;
}

// The question about one certificate: the request, and what to judge the
// answer with at fetch time (for how long to keep it).
struct Question {
  std::size_t position = 0;
  const model::Der* cert = nullptr;
  model::Der issuer;
  x509::OcspRequest request;
};

// A verified answer is kept until its nextUpdate (nothing newer is due
// before), but at least kOcspFailureTtl and at most an hour (a revocation is
// seen within the hour); one without nextUpdate (RFC 5019 2.2.4: newer
// information is always available) and anything that did not verify, for
// kOcspFailureTtl.
Duration KeepFor(SysTime now, const x509::RevocationCheck& check) {
  if (check.verdict == x509::RevocationVerdict::kInvalid || !check.next_update) return kOcspFailureTtl;
  auto until_next = std::chrono::duration_cast<Duration>(*check.next_update - now);
  return std::clamp<Duration>(until_next, kOcspFailureTtl, kMaxTtl);
}

analysis::OcspFetch Failure(const Question& q, const std::string& url, std::string error) {
  return analysis::OcspFetch{q.position, url, q.request.der, std::nullopt, std::move(error)};
}

analysis::OcspFetch AskAndCache(const Question& q, const std::string& url, const std::string& key,
                                const std::string& resolver, const std::string& source, const ProbeEnv& env,
                                const Deadline& deadline) {
  const SysTime now = env.clock->Now();
  const SteadyTime steady_now = env.clock->SteadyNow();
  std::string request_body(q.request.der.begin(), q.request.der.end());
  auto body =
      HttpPostBody(url, "application/ocsp-request", "application/ocsp-response", std::move(request_body),
                   resolver, source, kMaxOcspBytes, env, deadline.Earliest(kPerUrlBudget));
  if (!body.ok()) {
    std::string error = std::string(ErrorKindName(body.error().kind)) + ": " + body.error().detail;
    // A refusal depends on who named the URL, and costs no fetch: not cached.
    if (body.error().kind != ErrorKind::kAddressRefused) {
      env.ocsp->PutUntil(key, FetchCache::Entry{{}, error}, steady_now, steady_now + kOcspFailureTtl);
    }
    return Failure(q, url, std::move(error));
  }
  model::Der response(body.value().begin(), body.value().end());
  // Junk is dropped now, as for CRLs: analysis judges the empty body invalid.
  if (!x509::IsOcspResponse(response)) response.clear();
  x509::RevocationCheck check = x509::CheckOcspAnswer(response, q.request.der, *q.cert, q.issuer, now);
  Duration keep = KeepFor(now, check);
  env.ocsp->PutUntil(key, FetchCache::Entry{{response, q.request.der}, ""}, steady_now, steady_now + keep);
  return analysis::OcspFetch{q.position, url, q.request.der, std::move(response), ""};
}

// Every question the probe will ask, in position order.
std::vector<Question> Questions(const analysis::ChainInput& input, const model::ChainReport& chain) {
  std::vector<Question> out;
  for (std::size_t position = 0; position < chain.certs.size() && position < input.presented.size();
       ++position) {
    const model::PackedCertFacts& cert = *chain.certs[position];
    if (cert.self_issued() || cert.ocsp_urls().empty()) continue;
    if (position == 0 && HasValidStaple(chain)) continue;
    if (out.size() == kMaxOcspPositions) break;
    auto issuer = analysis::FindIssuer(input, position);
    if (!issuer) continue;  // analysis says so
    auto request = x509::BuildOcspRequest(input.presented[position], *issuer);
    if (!request.ok()) continue;  // both decoded already: cannot happen short of OpenSSL failing
    out.push_back(
        Question{position, &input.presented[position], std::move(*issuer), std::move(request).value()});
  }
  return out;
}

}  // namespace

std::vector<analysis::OcspFetch> FetchOcsp(const analysis::ChainInput& input, const model::ChainReport& chain,
                                           const std::string& resolver, const std::string& source,
                                           const ProbeEnv& env, const Deadline& deadline) {
  std::vector<analysis::OcspFetch> out;
  Deadline all = deadline.Earliest(kTotalBudget);
  for (const Question& q : Questions(input, chain)) {
    std::size_t tried = 0;
    for (const std::string& url_text : chain.certs[q.position]->ocsp_urls().ToVector()) {
      auto url = discovery::ParseUrl(url_text);
      if (!url.ok() || url.value().scheme != "http") continue;  // https, ldap: not asked
      if (tried++ == kMaxUrlsPerCert) break;
      const std::string key = url_text + "\n" + q.request.cert_id_hex;
      analysis::OcspFetch fetch;
      if (auto cached = env.ocsp->Find(key, env.clock->SteadyNow())) {
        // The cached answer goes with the request it answered (its nonce).
        fetch = cached->error.empty() && cached->payload.size() == 2
                    ? analysis::OcspFetch{q.position, url_text, std::move(cached->payload[1]),
                                          std::move(cached->payload[0]), ""}
                    : Failure(q, url_text, cached->error);
      } else if (all.Expired()) {
        fetch = Failure(q, url_text, "timeout: OCSP query budget spent");
      } else {
        fetch = AskAndCache(q, url_text, key, resolver, source, env, all);
      }
      const bool answered = fetch.response.has_value();
      out.push_back(std::move(fetch));
      if (answered) break;
    }
  }
  return out;
}

}  // namespace lde::probe
