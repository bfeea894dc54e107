#include "metrics/render_parts.h"
#include "metrics/snapshot_walk.h"

namespace lde::metrics {
namespace {

void DiscoverySuccess(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    sink.Add(base, Bool(n.discovery_success));
  });
}

void OauthChallenge(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    sink.Add(base, Bool(n.oauth_challenge));
  });
}

void XmlSuccess(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    if (n.xml_discovery_success) sink.Add(base, Bool(*n.xml_discovery_success));
  });
}

void HttpLegs(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    for (const auto& leg : n.http_legs) {
      sink.Add(With(base, {{label::kHost, leg.host}, {label::kResult, model::HttpLegName(leg.leads_to)}}),
               leg.status);
    }
  });
}

void AuthSchemes(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    for (const auto& scheme : n.auth_schemes) sink.Add(With(base, {{label::kScheme, scheme}}), 1);
  });
}

void AuthSchemesDropped(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    sink.Add(base, static_cast<double>(n.auth_schemes_dropped));
  });
}

void Links(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    for (const auto& link : n.links) {
      sink.Add(With(base, {{label::kRel, link.rel}, {label::kHref, link.href}}), 1);
    }
  });
}

void SigninReady(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    for (const auto& verdict : n.verdicts) {
      sink.Add(With(base, {{label::kProfile, verdict.profile}}), Bool(verdict.ready));
    }
  });
}

void SigninFailure(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    for (const auto& verdict : n.verdicts) {
      if (!verdict.failure) continue;
      sink.Add(With(base, {{label::kProfile, verdict.profile},
                           {label::kStep, model::StepName(verdict.failure->step)},
                           {label::kReason, model::ReasonName(verdict.failure->reason)},
                           {label::kAddress, verdict.failure_address}}),
               1);
    }
  });
}

// Both legs of a profile whose path reached a document, so a dashboard
// sees the switch from 1 to 0; none for a path that broke before one.
void LegUsed(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    for (const auto& verdict : n.verdicts) {
      if (!verdict.leg) continue;
      for (model::DiscoveryLeg leg : model::kAllDiscoveryLegs) {
        sink.Add(
            With(base, {{label::kProfile, verdict.profile}, {label::kLeg, model::DiscoveryLegName(leg)}}),
            Bool(*verdict.leg == leg));
      }
    }
  });
}

void UcwaSigninSuccess(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    if (n.signin) sink.Add(base, Bool(n.signin->success));
  });
}

void UcwaSigninFailure(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    if (!n.signin || n.signin->success) return;
    sink.Add(With(base, {{label::kStep, model::UcwaStepName(n.signin->failed_step)},
                         {label::kReason, model::ReasonName(n.signin->reason)}}),
             1);
  });
}

void UcwaSigninStepDuration(const Snapshot& snap, const ExporterState&, SeriesSink& sink) {
  ForEachNetwork(snap, [&](const NetworkLabels& base, const model::NetworkReport& n) {
    if (!n.signin) return;
    for (const auto& step : n.signin->steps) {
      sink.Add(With(base, {{label::kStep, model::UcwaStepName(step.step)}}), ToSeconds(step.elapsed));
    }
  });
}

}  // namespace

void AddNetworkFamilies(std::vector<FamilySpec>& out) {
  out.push_back({&kDiscoverySuccess, DiscoverySuccess, /*keepable=*/true});
  out.push_back({&kUcwaOauthChallenge, OauthChallenge, /*keepable=*/true});
  out.push_back({&kDiscoveryHttpLegStatusCode, HttpLegs, /*keepable=*/true});
  out.push_back({&kDiscoveryXmlSuccess, XmlSuccess, /*keepable=*/true});
  out.push_back({&kUserAuthSchemeInfo, AuthSchemes, /*keepable=*/true});
  out.push_back({&kUserAuthSchemesDropped, AuthSchemesDropped, /*keepable=*/true});
  out.push_back({&kDiscoveryLinkInfo, Links, /*keepable=*/true});
  out.push_back({&kMobileSigninReady, SigninReady, /*keepable=*/true});
  out.push_back({&kSigninFailureInfo, SigninFailure, /*keepable=*/true});
  out.push_back({&kDiscoveryLegUsed, LegUsed, /*keepable=*/true});
  out.push_back({&kUcwaSigninSuccess, UcwaSigninSuccess, /*keepable=*/true});
  out.push_back({&kUcwaSigninFailureInfo, UcwaSigninFailure, /*keepable=*/true});
  out.push_back({&kUcwaSigninStepDurationSeconds, UcwaSigninStepDuration});  // new with every probe
}

}  // namespace lde::metrics
