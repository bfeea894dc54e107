#pragma once

// The test account's password and bearer token go only where a phone that
// validates certificates would send them: over TLS, to a server whose chain
// one of the probe's trust stores trusts and whose certificate covers the
// name asked. The walk itself connects without verifying (to see what every
// profile would), so without this guard a spoofed DNS answer or a hostile
// link would harvest the monitoring account's credentials.

#include <optional>
#include <string_view>

#include "model/chain_report.h"
#include "model/probe_result.h"

namespace lde::probe {

// Why the credentials must not be sent to the server that presented `chain`
// (step tls: the certificate's name, or UntrustedReason with the most telling
// store's detail), or nullopt when one store trusts it and it matches its name.
std::optional<model::StepFailure> WithholdCredentials(const model::ChainReport& chain, std::string_view host);

// Whether `report` (an endpoint asked with EndpointCheckSpec::credentials)
// failed because the credentials were withheld, rather than because the
// server could not be reached or answered: the guard's failures are the
// only tls failures with a judged chain, and the only connect failures with
// reason invalid_href (an http URL).
bool CredentialsWithheld(const model::EndpointReport& report);

}  // namespace lde::probe
