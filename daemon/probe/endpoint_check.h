#pragma once

#include <optional>
#include <string>

#include "common/deadline.h"
#include "discovery/url.h"
#include "http_client/http_exchange.h"
#include "model/probe_result.h"
#include "probe/probe_env.h"
#include "x509/hostname.h"

namespace lde::probe {

struct EndpointCheckSpec {
  model::Endpoint endpoint;
  model::Role role = model::Role::kNone;
  std::string sni;            // TLS server name; "" = none (IP literals)
  std::string expected_host;  // the name the certificate must cover
  bool use_tls = true;
  std::optional<http_client::HttpRequest> request;  // sent after the handshake
  StoreList stores;                                 // every one is judged
  std::string resolver;                             // view used for AIA issuer fetches
  // The address of the server whose answer named this endpoint's URL (a
  // redirect, a discovery link, an OAuth href); nullopt when the URL comes
  // from the config. When set, endpoint.address must pass RefuseLinkedAddress
  // (common/address_policy.h) or nothing is connected: failure step
  // "connect", reason address_refused.
  std::optional<std::string> link_source;
  x509::HostnameMode hostname_mode = x509::HostnameMode::kRfc6125;
  // false: only observe (a second request to an endpoint already judged).
  bool judge_chain = true;
  // The request carries the test account's credentials (a password, a
  // bearer token): it is sent only over TLS to a server that passes
  // WithholdCredentials (probe/credential_guard.h); otherwise nothing is
  // sent and the failure says why. The chain is judged for this even when
  // judge_chain is false.
  bool credentials = false;
};

// The spec for asking `url` at `address` as a phone does: the URL's host as
// SNI, Host and the name the certificate must cover, TLS for https.
// `named_by`: see link_source.
EndpointCheckSpec UrlCheckSpec(const discovery::Url& url, const std::string& address, model::Role role,
                               const StoreList& stores, const std::string& resolver,
                               const std::optional<std::string>& named_by);

// Observe one endpoint (connect, handshake without verification, optional
// HTTP request on the same connection), then judge the presented chain
// offline against every store. AIA issuer, CRL and OCSP URLs in the chain are
// fetched only from addresses RefuseLinkedAddress allows for a URL named by
// endpoint.address. Observation failures land in
// EndpointReport::failure with step connect|tls|http; the chain report is
// present whenever a handshake completed, whether trusted or not.
model::EndpointReport CheckEndpoint(const EndpointCheckSpec& spec, const ProbeEnv& env,
                                    const Deadline& deadline);

// True when the chain is trusted by at least one of its judged stores.
bool TrustedByAny(const model::ChainReport& chain);

// Of verdicts that are not all trusted, the most telling failure: a specific
// fault (expired, incomplete_chain, ...) beats unknown_issuer, which every
// store but the right one reports. Trusted verdicts are never chosen;
// nullptr when no verdict is a failure (none judged, or all trusted).
const model::TrustVerdict* MostTellingVerdict(const std::vector<model::TrustVerdict>& verdicts);

// The reason for a chain no store trusts (unknown_issuer when no store was
// judged).
model::Reason UntrustedReason(const model::ChainReport& chain);

}  // namespace lde::probe
