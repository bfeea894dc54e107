#pragma once

#include <vector>

#include "config/config.h"
#include "model/probe_result.h"
#include "probe/lync_flow.h"

namespace lde::probe {

// Would a phone with this profile sign in on this network? Pure: walks the
// observed hops in order; the first certificate the profile rejects (not
// trusted by any of its stores, or not valid for the name dialled) is
// terminal, as on a 5.4+ phone (it does not downgrade to the plain-HTTP
// leg); any other failure of a discovery name's HTTPS hop falls through to
// that name's plain-HTTP leg when the walk followed it (Hop::http_leg), and
// a network failure of a name to the next name; any other failure ends the
// walk. verdict.leg: the leg of the document this profile's path reached. A profile that
// does not validate certificates (clients before 5.4) skips the certificate
// checks. After trust and hostname, the profile's policy (probe/cert_policy.h)
// judges the same chain: its first violation fails "<stage>_tls" with
// san_missing, weak_key, weak_signature, validity_too_long or
// no_server_auth_eku. Ready = the walk reached the UCWA OAuth challenge and,
// for a deployment with `auth`, the sign-in succeeded (else step
// ucwa_signin with the sign-in's reason), except that a profile validating
// no certificate keeps the anonymous verdict where the daemon withheld the
// credentials (UcwaSignin::credentials_withheld): unproven, not refused.
model::ProfileVerdict JudgeProfile(const NetworkObservation& observation,
                                   const std::vector<model::EndpointReport>& endpoints,
                                   const config::ProfileConfig& profile);

}  // namespace lde::probe
