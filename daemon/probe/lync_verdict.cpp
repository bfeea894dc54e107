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

// " (node 192.0.2.7)" after the host name of a node past the first, so the
// failure says which server a phone would have met.
std::string NodeSuffix(const model::EndpointReport& node) { return " (node " + node.endpoint.address + ")"; }

// The profile's policy on a chain it already trusts for this name: the
// first violation fails the hop.
std::optional<model::StepFailure> PolicyFailure(const Hop& hop, const model::EndpointReport& endpoint,
                                                const config::ProfileConfig& profile,
                                                const std::string& node) {
  auto violations = EvaluatePolicy(profile.policy, endpoint, hop.host);
  if (violations.empty()) return std::nullopt;
  const model::PolicyViolation& first = violations.front();
  return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::ReasonOf(first.rule),
                            hop.host + node + ": " + first.detail};
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
                                                     const config::ProfileConfig& profile,
                                                     const std::string& node = "") {
  const model::ChainReport& chain = *endpoint.chain;
  auto trust = ProfileTrust(chain, profile);
  bool trusted = std::any_of(trust.begin(), trust.end(), [](const auto& v) { return v.trusted(); });
  if (!trusted) {
    const model::TrustVerdict* worst = MostTellingVerdict(trust);
    model::TrustReason reason = worst ? worst->reason : model::TrustReason::kUnknownIssuer;
    std::string detail =
        worst ? worst->store + ": " + worst->detail : "the profile names no judged trust store";
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::ReasonOf(reason),
                              hop.host + node + ": " + detail};
  }
  if (!chain.hostname_match) {
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kTls), model::Reason::kHostnameMismatch,
                              hop.host + " is not in the certificate's names" + node};
  }
  return PolicyFailure(hop, endpoint, profile, node);
}

// A node past the first, met as a phone that lands on it meets it: it must
// connect, hand over a certificate the profile accepts, and answer as the
// first node did (the walk read the first node's answer).
std::optional<model::StepFailure> NodeFailure(const Hop& hop, const model::EndpointReport& first,
                                              const model::EndpointReport& node,
                                              const config::ProfileConfig& profile) {
  const std::string who = hop.host + NodeSuffix(node);
  if (profile.validate_certificates && node.chain) {
    if (auto failure = CertificateFailure(hop, node, profile, NodeSuffix(node))) return failure;
  }
  if (node.failure) {
    return model::StepFailure{model::LyncStep(hop.stage, node.failure->step), node.failure->reason,
                              who + ": " + node.failure->detail};
  }
  if (first.http && node.http && node.http->status != first.http->status) {
    return model::StepFailure{model::LyncStep(hop.stage, model::Step::kHttp), model::Reason::kHttpStatus,
                              who + " answered " + std::to_string(node.http->status) + " where node " +
                                  first.endpoint.address + " answered " + std::to_string(first.http->status)};
  }
  return std::nullopt;
}

}  // namespace

model::ProfileVerdict JudgeProfile(const NetworkObservation& observation,
                                   const std::vector<model::EndpointReport>& endpoints,
                                   const config::ProfileConfig& profile) {
  model::ProfileVerdict verdict;
  verdict.profile = profile.name;
  for (std::size_t i = 0; i < observation.hops.size(); ++i) {
    const Hop& hop = observation.hops[i];
    const model::EndpointReport* first =
        hop.endpoint && *hop.endpoint < endpoints.size() ? &endpoints[*hop.endpoint] : nullptr;
    if (profile.validate_certificates && first && first->chain) {
      if (auto failure = CertificateFailure(hop, *first, profile)) {
        verdict.failure = failure;
        verdict.failure_address = first->endpoint.address;
        return verdict;
      }
    }
    if (!hop.failure && first) {
      // Every node must let the phone through, not only the one the walk read.
      for (std::size_t node : hop.nodes) {
        if (node >= endpoints.size()) continue;
        if (auto failure = NodeFailure(hop, *first, endpoints[node], profile)) {
          verdict.failure = failure;
          verdict.failure_address = endpoints[node].endpoint.address;
          return verdict;
        }
      }
    }
    // This profile got as far as the answer that was the document.
    if (observation.document_hop == i) verdict.leg = observation.report.discovery_leg;
    if (!hop.failure) continue;
    // Only a discovery name's failure falls through: to the plain-HTTP leg
    // of the same name (reached only past this hop's certificate checks,
    // so never by a profile that rejected its certificate), or to another
    // discovery name; a failure past discovery ends the walk whatever its
    // fallback flag says.
    const bool next_is_discovery =
        i + 1 < observation.hops.size() && observation.hops[i + 1].stage == model::Stage::kDiscovery;
    const bool http_leg_follows = next_is_discovery && hop.stage == model::Stage::kDiscovery &&
                                  !hop.http_leg && observation.hops[i + 1].http_leg;
    const bool more_names_follow = hop.stage == model::Stage::kDiscovery && hop.fallback && next_is_discovery;
    if (http_leg_follows || more_names_follow) continue;
    verdict.failure = hop.failure;
    if (first) verdict.failure_address = first->endpoint.address;
    return verdict;
  }
  if (!observation.report.oauth_challenge) {
    verdict.failure = model::StepFailure{model::Step::kOAuthChallenge, model::Reason::kMissing,
                                         "the walk ended before the OAuth challenge"};
    return verdict;
  }
  const auto& signin = observation.report.signin;
  // A phone that validates no certificate would have sent its password where
  // the daemon would not: its sign-in is unproven, not failed.
  const bool signin_unproven = signin && signin->credentials_withheld && !profile.validate_certificates;
  if (signin && !signin->success && !signin_unproven) {
    // With `auth`, ready means signed in: the phone's real question.
    verdict.failure =
        model::StepFailure{model::Step::kUcwaSignin, signin->reason,
                           std::string(model::UcwaStepName(signin->failed_step)) + ": " + signin->detail};
    return verdict;
  }
  verdict.ready = true;
  return verdict;
}

}  // namespace lde::probe
