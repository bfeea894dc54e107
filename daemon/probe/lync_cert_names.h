#pragma once

#include <string>
#include <vector>

#include "config/config.h"
#include "model/probe_result.h"

namespace lde::probe {

// The deployment's SIP domains: `domain` first, then the other
// `sip_domains` (a hand-built config may leave the list empty).
std::vector<std::string> SipDomainsOf(const config::DeploymentConfig& deployment);

// Fills EndpointReport::san for the Lync endpoints of `result` that
// completed a handshake, per network walked, by what each one is to the
// deployment (reference/lync-discovery.md section 5):
//   - the reverse proxy: the endpoint presented for lyncdiscover.<domain>
//     (role discovery_external, on either network) and every other endpoint
//     at the same address and port on that network (one listener, one
//     certificate): lyncdiscover.<d> for every SIP domain, plus the user and
//     OAuth link hosts of the network's discovery document that it serves;
//   - the Front End: the endpoint presented for lyncdiscoverinternal.<domain>:
//     lyncdiscoverinternal.<d> and lyncdiscover.<d> for every SIP domain;
//   - other web services (role web_external): their own name.
// Pure: reads the observations, judges nothing else and changes no verdict.
void JudgeCertificateNames(const config::DeploymentConfig& deployment, model::ProbeResult& result);

}  // namespace lde::probe
