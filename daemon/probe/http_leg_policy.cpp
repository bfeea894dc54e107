#include "probe/http_leg_policy.h"

namespace lde::probe {

bool TriesHttpLeg(const Hop& https_hop) {
  return https_hop.stage == model::Stage::kDiscovery && !https_hop.http_leg && https_hop.failure &&
         https_hop.failure->step != model::Step::kDiscoveryDns;
}

bool HttpLegLeadsOn(model::HttpLeg leads_to) {
  switch (leads_to) {
    case model::HttpLeg::kRedirect:
    case model::HttpLeg::kHttpsRedirect:
    case model::HttpLeg::kDocument:
      return true;
    case model::HttpLeg::kUnusable:
    case model::HttpLeg::kUnreachable:
      return false;
  }
  return false;
}

}  // namespace lde::probe
