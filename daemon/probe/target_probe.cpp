#include "probe/target_probe.h"

#include <chrono>

#include "probe/cert_policy.h"
#include "probe/endpoint_check.h"
#include "probe/lookup.h"
#include "probe/probe_log.h"

namespace lde::probe {
namespace {

// A handshake that completed still fails the probe when no store trusts the
// chain, the name does not match or the chain breaks the target's policy:
// that is what a client would refuse. Every violation is recorded, whatever
// failed first, so that a dashboard shows them all.
void JudgeEndpoint(model::EndpointReport& report, bool has_stores, const config::TargetConfig& target,
                   const std::string& name) {
  if (report.chain) report.policy_violations = EvaluatePolicy(target.policy, report, name);
  if (report.failure || !report.chain) return;
  if (has_stores && !TrustedByAny(*report.chain)) {
    report.failure = model::StepFailure{model::Step::kCertificate, UntrustedReason(*report.chain),
                                        "no configured trust store accepts the chain"};
  } else if (!report.chain->hostname_match) {
    report.failure = model::StepFailure{model::Step::kCertificate, model::Reason::kHostnameMismatch,
                                        "the certificate does not cover the expected name"};
  } else if (!report.policy_violations.empty()) {
    const model::PolicyViolation& first = report.policy_violations.front();
    report.failure = model::StepFailure{model::Step::kCertificate, model::ReasonOf(first.rule),
                                        "policy " + first.policy + ": " + first.detail};
  } else if (report.http && report.http->status >= 400) {
    report.failure = model::StepFailure{model::Step::kHttp, model::Reason::kHttpStatus,
                                        "status " + std::to_string(report.http->status)};
  }
}

}  // namespace

model::ProbeResult ProbeTarget(const config::TargetConfig& target, const ProbeEnv& env,
                               const Deadline& deadline) {
  model::ProbeResult result;
  result.target = target.name;
  result.kind = target.scheme == config::TargetScheme::kHttps ? "https" : "tls";
  result.started = env.clock->Now();
  const SteadyTime start = deadline.Now();
  ProbeLog log(result);

  auto dns = Lookup(env, target.resolver, target.host, deadline);
  result.dns.push_back(dns);
  if (!dns.success) {
    if (dns.failure) result.failure = *dns.failure;
    log.Failure(env, target.name, *dns.failure);
  } else {
    const std::string& name = target.server_name.empty() ? target.host : target.server_name;
    StoreList stores = env.Stores(target.trust_stores);
    std::size_t left = dns.addresses.size();
    for (const auto& address : dns.addresses) {
      EndpointCheckSpec spec;
      spec.endpoint = model::Endpoint{target.host, address, target.port};
      spec.sni = name;  // StartTls sends no SNI for an IP literal (RFC 6066 §3)
      spec.expected_host = name;
      spec.stores = stores;
      spec.resolver = target.resolver;
      if (target.scheme == config::TargetScheme::kHttps) {
        http_client::HttpRequest request;
        // server_name is the virtual host when the URL names an address.
        request.host_header = http_client::HostHeader(name, target.port, true);
        request.target = target.path;
        spec.request = request;
      }
      // Each address gets an equal share of what is left, so one stalled
      // address cannot starve the others.
      Deadline share = deadline.Earliest(deadline.Remaining() / static_cast<long>(left--));
      auto report = CheckEndpoint(spec, env, share);
      JudgeEndpoint(report, !stores.empty(), target, name);
      result.endpoints.push_back(std::move(report));
    }
    log.FanOut(env, target.name, dns, result.endpoints);  // one line, however many addresses
  }

  result.success = dns.success && !result.endpoints.empty();
  for (const auto& e : result.endpoints) {
    if (e.failure) result.success = false;
  }
  result.duration = deadline.Now() - start;
  return result;
}

}  // namespace lde::probe
