#include "probe/credential_guard.h"

#include <string>

#include "probe/endpoint_check.h"

namespace lde::probe {

std::optional<model::StepFailure> WithholdCredentials(const model::ChainReport& chain,
                                                      std::string_view host) {
  const std::string prefix = "credentials not sent to " + std::string(host) + ": ";
  if (!chain.hostname_match) {
    return model::StepFailure{model::Step::kTls, model::Reason::kHostnameMismatch,
                              prefix + "its certificate does not cover the name"};
  }
  if (TrustedByAny(chain)) return std::nullopt;
  std::string detail = prefix + "no trust store trusts its certificate";
  if (const model::TrustVerdict* verdict = MostTellingVerdict(chain.trust)) {
    detail +=
        " (" + verdict->store + ": " +
        (verdict->detail.empty() ? std::string(model::TrustReasonName(verdict->reason)) : verdict->detail) +
        ")";
  }
  return model::StepFailure{model::Step::kTls, UntrustedReason(chain), std::move(detail)};
}

bool CredentialsWithheld(const model::EndpointReport& report) {
  if (!report.failure) return false;
  const auto& f = *report.failure;
  return (f.step == model::Step::kTls && report.chain.has_value()) ||
         (f.step == model::Step::kConnect && f.reason == model::Reason::kInvalidHref);
}

}  // namespace lde::probe
