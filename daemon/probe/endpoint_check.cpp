#include "probe/endpoint_check.h"

#include <chrono>

#include "analysis/chain_analysis.h"
#include "common/address_policy.h"
#include "probe/credential_guard.h"
#include "probe/crl_fetch.h"
#include "probe/issuer_fetch.h"
#include "probe/ocsp_fetch.h"
#include "tls/connection.h"

namespace lde::probe {
namespace {

model::StepFailure Failure(model::Step step, const Error& error) {
  return model::StepFailure{step, model::ReasonOf(error.kind), error.detail};
}

// Judges the presented chain; when the server left out an intermediate,
// fetch it from the AIA caIssuers URL (as a desktop browser would) so that a
// missing intermediate is told apart from an unknown root. Returns the input
// judged, for the revocation pass.
std::optional<analysis::ChainInput> JudgeChain(const EndpointCheckSpec& spec, const ProbeEnv& env,
                                               const Deadline& deadline, model::EndpointReport& report) {
  analysis::ChainInput input;
  input.presented = report.tls->presented_chain;
  input.stores = spec.stores;
  input.expected_host = spec.expected_host;
  input.now = env.clock->Now();
  input.hostname_mode = spec.hostname_mode;
  input.ocsp_staple = report.tls->ocsp_staple;
  input.presented_truncated = report.tls->chain_truncated;
  auto chain = analysis::AnalyzeChain(input);
  if (!chain.ok()) {
    report.failure = Failure(model::Step::kTls, chain.error());
    return std::nullopt;
  }
  // A truncated chain is incomplete because it was cut, not for want of an
  // issuer: fetching one for its last kept certificate would tell nothing.
  if (!chain.value().complete && !spec.stores.empty() && !input.presented_truncated) {
    IssuerFetch fetched =
        FetchMissingIssuers(chain.value(), spec.resolver, spec.endpoint.address, env, deadline);
    input.fetched_issuers = std::move(fetched.certs);
    report.issuer_fetch = std::move(fetched.report);
    if (!input.fetched_issuers.empty()) {
      auto again = analysis::AnalyzeChain(input);
      if (again.ok()) chain = std::move(again);
    }
  }
  report.chain = std::move(chain).value();
  return input;
}

// Revocation, observed after the HTTP exchange so that a slow CRL server or
// OCSP responder never holds the endpoint's connection idle: ask the OCSP
// responders, then fetch the CRLs, all within a third of the time left (so
// the probe's own steps keep theirs; OCSP at most half of it, so a stalling
// responder leaves the CRLs time), then judge the chain again with them. The
// OCSP staple was judged with the chain, and decides whether the leaf's
// responder is asked at all.
void CheckRevocation(const EndpointCheckSpec& spec, const ProbeEnv& env, const Deadline& deadline,
                     analysis::ChainInput input, model::EndpointReport& report) {
  Deadline budget = deadline.Earliest(deadline.Remaining() / 3);
  input.ocsp = FetchOcsp(input, *report.chain, spec.resolver, spec.endpoint.address, env,
                         budget.Earliest(budget.Remaining() / 2));
  input.crls = FetchCrls(*report.chain, spec.resolver, spec.endpoint.address, env, budget);
  if (input.crls.empty() && input.ocsp.empty()) return;
  auto again = analysis::AnalyzeChain(input);
  if (again.ok()) report.chain = std::move(again).value();
}

}  // namespace

bool TrustedByAny(const model::ChainReport& chain) {
  for (const auto& verdict : chain.trust) {
    if (verdict.trusted()) return true;
  }
  return false;
}

const model::TrustVerdict* MostTellingVerdict(const std::vector<model::TrustVerdict>& verdicts) {
  const model::TrustVerdict* first_failure = nullptr;
  for (const auto& verdict : verdicts) {
    if (verdict.trusted()) continue;  // a store that accepts the chain explains no failure
    if (verdict.reason != model::TrustReason::kUnknownIssuer) return &verdict;
    if (first_failure == nullptr) first_failure = &verdict;
  }
  return first_failure;
}

model::Reason UntrustedReason(const model::ChainReport& chain) {
  const model::TrustVerdict* verdict = MostTellingVerdict(chain.trust);
  return model::ReasonOf(verdict ? verdict->reason : model::TrustReason::kUnknownIssuer);
}

model::EndpointReport CheckEndpoint(const EndpointCheckSpec& spec, const ProbeEnv& env,
                                    const Deadline& deadline) {
  model::EndpointReport report;
  report.role = spec.role;
  report.endpoint = spec.endpoint;

  if (spec.link_source) {
    if (auto refused = RefuseLinkedAddress(spec.endpoint.address, *spec.link_source)) {
      report.failure = Failure(model::Step::kConnect, *refused);
      return report;
    }
  }
  if (spec.credentials && !spec.use_tls) {
    report.failure =
        model::StepFailure{model::Step::kConnect, model::Reason::kInvalidHref,
                           "credentials are sent only over https, not to " + spec.endpoint.Name()};
    return report;
  }
  auto connection = tls::ConnectTcp(spec.endpoint, deadline);
  if (!connection.ok()) {
    report.failure = Failure(model::Step::kConnect, connection.error());
    return report;
  }
  tls::Connection& conn = connection.value();
  std::optional<analysis::ChainInput> judged;

  if (spec.use_tls) {
    tls::TlsClientOptions options;
    options.sni = spec.sni;
    auto observation = tls::StartTls(conn, options, deadline);
    if (!observation.ok()) {
      report.failure = Failure(model::Step::kTls, observation.error());
      return report;
    }
    report.tls = std::move(observation).value();
    if (spec.judge_chain || spec.credentials) {
      judged = JudgeChain(spec, env, deadline, report);
      if (report.failure) return report;
    }
    if (spec.credentials) {
      // Fails closed: no judged chain, no credentials.
      auto withheld = report.chain ? WithholdCredentials(*report.chain, spec.expected_host)
                                   : model::StepFailure{model::Step::kTls, model::Reason::kOther,
                                                        "credentials not sent: no certificate was judged"};
      if (withheld) {
        report.failure = std::move(withheld);
        return report;
      }
    }
  }

  if (spec.request) {
    auto response =
        http_client::HttpExchange(conn, *spec.request, env.config->global.max_body_bytes, deadline);
    if (response.ok()) {
      report.http = std::move(response).value();
    } else {
      report.failure = Failure(model::Step::kHttp, response.error());
    }
  }
  if (judged && spec.judge_chain) CheckRevocation(spec, env, deadline, std::move(*judged), report);
  return report;
}

EndpointCheckSpec UrlCheckSpec(const discovery::Url& url, const std::string& address, model::Role role,
                               const StoreList& stores, const std::string& resolver,
                               const std::optional<std::string>& named_by) {
  EndpointCheckSpec spec;
  spec.endpoint = model::Endpoint{url.host, address, url.port};
  spec.role = role;
  spec.sni = url.host;
  spec.expected_host = url.host;
  spec.use_tls = url.scheme == "https";
  spec.stores = stores;
  spec.resolver = resolver;
  spec.link_source = named_by;
  return spec;
}

}  // namespace lde::probe
