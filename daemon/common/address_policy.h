#pragma once

// Which addresses a probe may connect to for a URL that a remote server
// supplied (a redirect, a discovery link, an OAuth href, an AIA caIssuers or
// CRL distribution point URL). Such a URL is the server's choice, not the
// operator's: without this check a hostile server could make the probe host
// fetch its own cloud metadata or services bound to loopback (SSRF). The
// check is on the resolved, numeric address right before connecting, so a
// name that DNS points at 127.0.0.1 is caught too. Pure and thread-safe.

#include <optional>
#include <string_view>

#include "common/error.h"

namespace lde {

enum class AddressClass {
  kOrdinary,     // global or private unicast: fetched
  kLoopback,     // 127.0.0.0/8, ::1
  kLinkLocal,    // 169.254.0.0/16, fe80::/10
  kUnspecified,  // 0.0.0.0/8 ("this network": Linux connects it to the host), ::
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kBroadcast,    // 255.255.255.255
  kMetadata,     // cloud instance metadata: 169.254.169.254 (AWS, Azure, GCP, ...),
                 // fd00:ec2::254 (AWS IPv6), 100.100.100.200 (Alibaba)
  kInvalid,      // not a numeric IPv4 or IPv6 address
};

// "ordinary", "loopback", "link-local", "unspecified", "multicast",
// "broadcast", "cloud metadata", "not a numeric address": for messages.
std::string_view AddressClassName(AddressClass kind);

// Classifies a numeric address ("192.0.2.1", "2001:db8::1"; brackets and an
// IPv6 %zone allowed). An IPv6 address that carries an IPv4 one, mapped
// (::ffff:0:0/96), compatible (::/96) or NAT64 (64:ff9b::/96), is classified
// as the IPv4 address it reaches.
AddressClass ClassifyAddress(std::string_view address);

// nullopt when a URL that the server at `source` supplied may be fetched from
// `address`; otherwise an Error kAddressRefused naming both. Refused:
// link-local, unspecified, multicast, broadcast, metadata and non-numeric
// addresses always; loopback unless `source` is itself loopback (a lab or a
// test on 127.0.0.x may link to its neighbours, a real server may not link to
// the probe host).
std::optional<Error> RefuseLinkedAddress(std::string_view address, std::string_view source);

}  // namespace lde
