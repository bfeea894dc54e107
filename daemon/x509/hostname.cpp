#include "x509/hostname.h"

#include <string>

#include "common/host_port.h"
#include "common/ip_literal.h"
#include "ossl/errors.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
bool MatchesHostname(const model::Der& leaf, std::string_view host, HostnameMode mode) {
  host = StripBrackets(host);                                      // "[2001:db8::1]" as in a URL
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // absolute FQDN
  // A leading dot would ask OpenSSL for a suffix match ("any subdomain of"),
  // which is not a host name at all.
  if (host.empty() || host.front() == '.' || host.find('\0') != std::string_view::npos) {
    return false;
  }
  ossl::X509Ptr cert = ParseDer(leaf);
  if (!cert) {
    ossl::DrainOpenSslErrors();
    return false;
  }
  const std::string name(host);
  bool match = false;
  if (IsIpLiteral(name)) {
    match = X509_check_ip_asc(cert.get(), name.c_str(), 0) == 1;
  } else {
    unsigned int flags = X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    if (mode == HostnameMode::kSanOnly) flags |= X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
    match = X509_check_host(cert.get(), name.data(), name.size(), flags, nullptr) == 1;
  }
  ossl::DrainOpenSslErrors();
  return match;
}

}  // namespace lde::x509
