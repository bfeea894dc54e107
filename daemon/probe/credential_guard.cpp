#include "probe/credential_guard.h"

#include <algorithm>
#include <string>

namespace lde::probe {

std::optional<model::StepFailure> WithholdCredentials(const model::ChainReport& chain,
                                                      std::string_view host) {
  const std::string prefix = "credentials not sent to " + std::string(host) + ": ";
  if (!chain.hostname_match) {
    return model::StepFailure{model::Step::kTls, model::Reason::kHostnameMismatch,
                              prefix + "its certificate does not cover the name"};
  }
  if (std::any_of(chain.trust.begin(), chain.trust.end(), [](const auto& t) { return t.trusted(); })) {
    return std::nullopt;
  }
  if (chain.trust.empty()) {
    return model::StepFailure{model::Step::kTls, model::Reason::kOther, prefix + "no trust store judged it"};
  }
  const model::TrustVerdict& first = chain.trust.front();
  return model::StepFailure{
      model::Step::kTls, model::ReasonOf(first.reason),
      prefix + "no trust store trusts its certificate (" + first.store + ": " +
          (first.detail.empty() ? std::string(model::TrustReasonName(first.reason)) : first.detail) + ")"};
}

bool CredentialsWithheld(const model::EndpointReport& report) {
  if (!report.failure) return false;
  const auto& f = *report.failure;
  return (f.step == model::Step::kTls && report.chain.has_value()) ||
         (f.step == model::Step::kConnect && f.reason == model::Reason::kInvalidHref);
}

}  // namespace lde::probe
