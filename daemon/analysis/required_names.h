#pragma once

// The names a Lync role's certificate must carry, and which of them a leaf
// lacks (reference/lync-discovery.md section 5, after Microsoft's
// certificate summaries for Lync Server 2013 and Skype for Business Server).
// Pure and thread-safe.

#include <span>
#include <string>
#include <vector>

#include "model/observations.h"
#include "model/vocabulary.h"

namespace lde::analysis {

// Names required of a certificate judged as `role`, for every SIP domain in
// `sip_domains`:
//   discovery_internal (the Front End): lyncdiscoverinternal.<d> and
//     lyncdiscover.<d> for each domain;
//   discovery_external (the reverse proxy that answers lyncdiscover.<d>):
//     lyncdiscover.<d> for each domain, then `web_hosts`, the web services
//     names of the discovery document that the same proxy serves;
//   web_external (web services elsewhere): `web_hosts`, its own name;
//   any other role: none.
// Lower case, one trailing dot dropped, each name once, in that order.
std::vector<std::string> RequiredNames(std::span<const std::string> sip_domains, model::Role role,
                                       std::span<const std::string> web_hosts);

// The `required` names that `leaf` does not carry as a DNS SAN. The subject
// CN never counts (these names are not the subject's job, and iOS ignores
// the CN); a wildcard covers one whole left-most label, as RFC 6125 and Lync
// allow it for lyncdiscover(internal) and web services names. Every name
// when the DER does not decode.
std::vector<std::string> MissingNames(const model::Der& leaf, std::span<const std::string> required);

}  // namespace lde::analysis
