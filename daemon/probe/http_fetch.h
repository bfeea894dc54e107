#pragma once

#include <optional>
#include <string>

#include "common/deadline.h"
#include "common/result.h"
#include "model/observations.h"
#include "probe/probe_env.h"

namespace lde::probe {

// GETs a plain-http URL that a certificate names (AIA caIssuers, CRL
// distribution point: RFC 5280 4.2.2.1 and 4.2.1.13 publish them over http,
// since https would need the very trust being checked), resolving its host
// with the probe's resolver view. `source` is the address of the server whose
// certificate named the URL: the resolved address must pass
// RefuseLinkedAddress (common/address_policy.h) or nothing is connected
// (kAddressRefused). Returns the body of a 200 answer of at most
// `max_bytes`; any other outcome is an Error saying why.
Result<std::string> HttpGetBody(const std::string& url, const std::string& resolver,
                                const std::string& source, std::size_t max_bytes, const ProbeEnv& env,
                                const Deadline& deadline);

// GET of a plain-http URL from the configuration (no address policy: the
// operator named it), asking for `accept`: the whole answer, whatever its
// status, its body cut at `max_bytes` (body_truncated set); an Error when
// there is no answer (DNS, connect, timeout, a malformed response).
Result<model::HttpObservation> HttpGet(const std::string& url, const std::string& accept,
                                       const std::string& resolver, std::size_t max_bytes,
                                       const ProbeEnv& env, const Deadline& deadline);

// The same, POSTing `body` as `content_type` and asking for `accept` (an
// OCSP request to the responder a certificate's AIA names: RFC 6960 A.1).
// Same address policy, resolver, byte cap and deadline as HttpGetBody.
Result<std::string> HttpPostBody(const std::string& url, const std::string& content_type,
                                 const std::string& accept, std::string body, const std::string& resolver,
                                 const std::string& source, std::size_t max_bytes, const ProbeEnv& env,
                                 const Deadline& deadline);

}  // namespace lde::probe
