#include "probe/lync_verdict.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "probe/cert_policy.h"
#include "probe/endpoint_check.h"

namespace lde::probe {
namespace {

// The profile's policy on a chain it already trusts for this name: the
// first violation fails the hop.
std::optional<model::StepFailure> PolicyFailure(const Hop& hop, const model::EndpointReport& endpoint,
                                                const config::ProfileConfig& profile) {
  auto violations = EvaluatePolicy(profile.policy, endpoint, hop.host);
  if (violations.empty()) return std::nullopt;
  const model::PolicyViolation& first = violations.front();
  return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::ReasonOf(first.rule),
                            hop.host + ": " + first.detail};
}

// The profile's own verdicts, in the profile's store order.
std::vector<model::TrustVerdict> ProfileTrust(const model::ChainReport& chain,
                                              const config::ProfileConfig& profile) {
  std::vector<model::TrustVerdict> mine;
  for (const auto& store : profile.trust_stores) {
    auto it = std::find_if(chain.trust.begin(), chain.trust.end(),
                           [&](const model::TrustVerdict& v) { return v.store == store; });
    if (it != chain.trust.end()) mine.push_back(*it);
  }
  return mine;
}

std::optional<model::StepFailure> CertificateFailure(const Hop& hop, const model::EndpointReport& endpoint,
                                                     const config::ProfileConfig& profile) {
  const model::ChainReport& chain = *endpoint.chain;
  auto trust = ProfileTrust(chain, profile);
  bool trusted = std::any_of(trust.begin(), trust.end(), [](const auto& v) { return v.trusted(); });
  if (!trusted) {
    const model::TrustVerdict* worst = MostTellingVerdict(trust);
    model::TrustReason reason = worst ? worst->reason : model::TrustReason::kUnknownIssuer;
    std::string detail =
        worst ? worst->store + ": " + worst->detail : "the profile names no judged trust store";
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::ReasonOf(reason),
                              hop.host + ": " + detail};
  }
  if (!chain.hostname_match) {
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::Reason::kHostnameMismatch,
                              hop.host + " is not in the certificate's names"};
  }
  return PolicyFailure(hop, endpoint, profile);
}

}  // namespace

model::ProfileVerdict JudgeProfile(const NetworkObservation& observation,
                                   const std::vector<model::EndpointReport>& endpoints,
                                   const config::ProfileConfig& profile) {
  model::ProfileVerdict verdict;
  verdict.profile = profile.name;
  for (std::size_t i = 0; i < observation.hops.size(); ++i) {
    const Hop& hop = observation.hops[i];
    if (profile.validate_certificates && hop.endpoint && *hop.endpoint < endpoints.size()) {
      const auto& endpoint = endpoints[*hop.endpoint];
      if (endpoint.chain) {
        if (auto failure = CertificateFailure(hop, endpoint, profile)) {
          verdict.failure = failure;
          return verdict;
        }
      }
    }
    if (!hop.failure) continue;
    // Only a discovery name's failure falls through, and only to another
    // discovery name; a failure past discovery ends the walk whatever its
    // fallback flag says.
    bool more_names_follow = hop.stage == model::Stage::kDiscovery && hop.fallback &&
                             i + 1 < observation.hops.size() &&
                             observation.hops[i + 1].stage == model::Stage::kDiscovery;
    if (more_names_follow) continue;
    verdict.failure = hop.failure;
    return verdict;
  }
  if (!observation.report.oauth_challenge) {
    verdict.failure = model::StepFailure{model::Step::kOAuthChallenge, model::Reason::kMissing,
                                         "the walk ended before the OAuth challenge"};
    return verdict;
  }
  verdict.ready = true;
  return verdict;
}

}  // namespace lde::probe
