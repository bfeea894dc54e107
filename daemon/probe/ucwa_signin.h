#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/deadline.h"
#include "config/config.h"
#include "discovery/url.h"
#include "model/probe_result.h"
#include "probe/lync_flow.h"
#include "probe/probe_env.h"

namespace lde::probe {

// Where the anonymous walk left the phone, and what the walk keeps for it.
struct SigninStart {
  const config::AuthConfig* auth = nullptr;
  std::string domain;  // the deployment's, for the redirect policy
  model::Network network = model::Network::kNone;
  std::string resolver;         // the network's resolver view
  std::string oauth_href;       // the MsRtcOAuth challenge's token endpoint
  discovery::Url user_url;      // the discovery document's user link
  std::string web_server;       // the address that answered the user link: the source of oauth_href
  std::string document_server;  // the address that served the discovery document: the source of user_url
};

// How the walk files what the sign-in meets: DNS lookups and endpoint
// reports (one per role, address and port: Record returns the index of the
// report kept), and whether an endpoint was judged already.
struct SigninRecorder {
  std::function<void(const model::DnsOutcome&)> dns;
  std::function<std::size_t(model::Role, std::uint16_t, model::EndpointReport)> endpoint;
  std::function<bool(model::Role, const std::string& address, std::uint16_t port)> seen;
};

struct SigninObservation {
  model::UcwaSignin report;
  // One per server asked, without failures: each profile judges their
  // certificates as it judges the anonymous walk's (lync_verdict.cpp).
  std::vector<Hop> hops;
};

// Signs in as a phone does once the anonymous walk found the MsRtcOAuth
// challenge: POST the password grant to the OAuth href; GET the user link
// with the bearer token (following `redirect` links, bounded and with the
// discovery redirect policy); POST an application (UserAgent, a fresh
// EndpointId, Culture en-US) to its applications link; DELETE it. Every host
// is resolved with the network's resolver and connected to only if
// RefuseLinkedAddress allows it for the server that named its URL; each is
// judged as any hop (first address only: a POST is never replayed on other
// nodes). The password and the token go only over https to a server one of
// `stores` trusts for its name (probe/credential_guard.h): a profile that
// validates no certificate is then not ready either, since nothing proves
// its phone would sign in. The first failure ends the sign-in. The token and the password
// stay on this function's stack: recorded endpoint reports keep only the
// answer's status, and every detail is scrubbed of both.
SigninObservation SignIn(const SigninStart& start, const StoreList& stores, const ProbeEnv& env,
                         const Deadline& deadline, const SigninRecorder& recorder);

}  // namespace lde::probe
