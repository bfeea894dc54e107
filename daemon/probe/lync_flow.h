#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/deadline.h"
#include "config/config.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"

namespace lde::probe {

// One step of a phone's walk through the sign-in path, observed once and
// judged later for each device profile.
struct Hop {
  model::Stage stage = model::Stage::kDiscovery;
  std::string host;
  std::optional<std::size_t> endpoint;        // index into ProbeResult::endpoints
  std::optional<model::StepFailure> failure;  // step is <stage>_<what> or a Lync step
  bool fallback = false;                      // after this failure a phone tries the next discovery name
  // The other nodes behind `host` (its other addresses, up to
  // max_addresses_per_name), each asked as the first was: indices into
  // ProbeResult::endpoints. The walk goes on with the first node's answer; a
  // phone may land on any of them.
  std::vector<std::size_t> nodes = {};
  // The plain-HTTP leg of the discovery name whose HTTPS hop came just
  // before (and failed without the walk seeing a certificate problem): a
  // profile that rejects that hop's certificate stops there, any other
  // goes on here. No endpoint: its answer is in report.http_legs.
  bool http_leg = false;
};

struct NetworkObservation {
  model::NetworkReport report;  // everything but the verdicts
  std::vector<Hop> hops;
  // The hop whose answer was the final discovery document (its leg is
  // report.discovery_leg); unset without a document.
  std::optional<std::size_t> document_hop = {};
};

// Walks one network as a phone does (MS-OCDISCWS / UCWA "Root URL"):
// internal tries lyncdiscoverinternal.<d> then lyncdiscover.<d>, external
// only lyncdiscover.<d>; GET the root (JSON), follow redirects (bounded,
// loop-safe, HTTPS or same domain; every URL a server names is connected only
// if RefuseLinkedAddress allows its address, else the hop fails with
// address_refused), GET the user link on the web services it
// names and expect 401 with an MsRtcOAuth challenge, then check the TLS of
// the OAuth href's host. Every address of each name is asked the same (the
// walk reads the first node's answer; Hop::nodes lists the others). When a
// discovery name's HTTPS root fails for any reason but DNS (refused, reset,
// timeout, handshake, a status other than 200, no document), the walk
// follows that name's plain-HTTP leg as a phone does (MS-OCDISCWS 3.1.5.2):
// a Redirect document or a 30x to https in the SIP domain is followed as a
// redirect, a document is used, anything else fails the name as its HTTPS
// did. Whether a profile may take that leg (not when it rejected the HTTPS
// certificate) is judged in lync_verdict.h. The plain-HTTP leg of every
// discovery name is reported (report.http_legs), asked once per probe.
// Every endpoint met is appended to result.endpoints
// (once per network, role and address) and every lookup to result.dns.
// `stores` are judged on every endpoint (the union of the deployment's and
// its profiles' stores).
NetworkObservation ObserveNetwork(const config::DeploymentConfig& deployment, model::Network network,
                                  const StoreList& stores, const ProbeEnv& env, const Deadline& deadline,
                                  model::ProbeResult& result);

}  // namespace lde::probe
