#pragma once

// Does a leaf certificate name the host the client dialled? Pure, thread-safe.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/observations.h"

namespace lde::x509 {

enum class HostnameMode {
  // RFC 6125 6.4: DNS SANs; the subject CN only when the cert has no DNS SAN.
  kRfc6125,
  // SANs only, never the CN (Apple iOS 13+/macOS 10.15+, Chrome 58+).
  kSanOnly,
};

// DNS names: wildcards only as the whole left-most label ("*.contoso.test"
// matches "a.contoso.test", not "a.b.contoso.test", not "contoso.test", and
// "w*.contoso.test" matches nothing), case-insensitive, one trailing dot
// ignored. IP literals (IPv4, IPv6, IPv6 in brackets) match iPAddress SANs only
// (RFC 6125 6.2.1). False for an empty host or undecodable DER.
bool MatchesHostname(const model::Der& leaf, std::string_view host,
                     HostnameMode mode = HostnameMode::kRfc6125);

// The `hosts` the leaf does not match, in order, by the rules above; the
// certificate is decoded once. Every host when the DER does not decode.
std::vector<std::string> UnmatchedHostnames(const model::Der& leaf, std::span<const std::string> hosts,
                                            HostnameMode mode = HostnameMode::kRfc6125);

}  // namespace lde::x509
