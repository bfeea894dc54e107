#include "metrics/render_parts.h"

namespace lde::metrics {

void AppendNetworkSeries(const std::string& target, const model::NetworkReport& n,
                         FamilySet& out) {
  const Labels base{MakeLabel(label::kTarget, target), MakeLabel(label::kNetwork, n.network)};
  out.Add(kDiscoverySuccess, base, Bool(n.discovery_success));
  out.Add(kUcwaOauthChallenge, base, Bool(n.oauth_challenge));
  if (n.xml_discovery_success) out.Add(kDiscoveryXmlSuccess, base, Bool(*n.xml_discovery_success));
  for (const auto& scheme : n.auth_schemes) {
    Labels labels = base;
    labels.push_back(MakeLabel(label::kScheme, scheme));
    out.Add(kUserAuthSchemeInfo, std::move(labels), 1);
  }
  for (const auto& link : n.links) {
    Labels labels = base;
    labels.push_back(MakeLabel(label::kRel, link.rel));
    labels.push_back(MakeLabel(label::kHref, link.href));
    out.Add(kDiscoveryLinkInfo, std::move(labels), 1);
  }
  for (const auto& verdict : n.verdicts) {
    Labels labels = base;
    labels.push_back(MakeLabel(label::kProfile, verdict.profile));
    out.Add(kMobileSigninReady, labels, Bool(verdict.ready));
    if (verdict.failure) {
      labels.push_back(MakeLabel(label::kStep, verdict.failure->step));
      labels.push_back(MakeLabel(label::kReason, verdict.failure->reason));
      out.Add(kSigninFailureInfo, std::move(labels), 1);
    }
  }
}

}  // namespace lde::metrics
