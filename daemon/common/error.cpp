#include "common/error.h"

namespace lde {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConfig:
      return "config";
    case ErrorKind::kDnsNxdomain:
      return "nxdomain";
    case ErrorKind::kDnsError:
      return "dns_error";
    case ErrorKind::kConnectRefused:
      return "connection_refused";
    case ErrorKind::kConnectError:
      return "connect_error";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kTlsHandshake:
      return "tls_handshake";
    case ErrorKind::kHttpProtocol:
      return "http_protocol";
    case ErrorKind::kHttpStatus:
      return "http_status";
    case ErrorKind::kBodyTooLarge:
      return "body_too_large";
    case ErrorKind::kDiscoveryParse:
      return "discovery_parse";
    case ErrorKind::kCertificateParse:
      return "certificate_parse";
    case ErrorKind::kRedirectLoop:
      return "redirect_loop";
    case ErrorKind::kAddressRefused:
      return "address_refused";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace lde
