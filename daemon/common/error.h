#pragma once

#include <string>
#include <string_view>

namespace lde {

// Why a step failed. The names are stable: they become the `reason` label of
// lyncdiscover_probe_failure_info and lyncdiscover_signin_failure_info.
enum class ErrorKind {
  kConfig,
  kDnsNxdomain,  // the name does not exist / has no address
  kDnsError,     // the resolver failed (SERVFAIL, refused, bad reply)
  kConnectRefused,
  kConnectError,  // unreachable, reset, other socket errors
  kTimeout,       // the step ran out of its deadline
  kTlsHandshake,  // the peer broke or refused the TLS handshake
  kHttpProtocol,  // the reply is not valid HTTP
  kHttpStatus,    // valid HTTP, unexpected status
  kBodyTooLarge,
  kDiscoveryParse,    // the discovery document is not what a client accepts
  kCertificateParse,  // the peer sent bytes that are not a certificate
  kRedirectLoop,
  kAddressRefused,  // a URL a remote server supplied resolves to an address never fetched
  kInternal,
};

std::string_view ErrorKindName(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string detail;

  bool operator==(const Error&) const = default;
};

}  // namespace lde
