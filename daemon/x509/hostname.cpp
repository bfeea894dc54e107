#include "x509/hostname.h"

#include <arpa/inet.h>

#include <string>

#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

bool MatchesHostname(const model::Der& leaf, std::string_view host, HostnameMode mode) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // "[2001:db8::1]" as in a URL
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // absolute FQDN
  // A leading dot would ask OpenSSL for a suffix match ("any subdomain of"),
  // which is not a host name at all.
  if (host.empty() || host.front() == '.' || host.find('\0') != std::string_view::npos) {
    return false;
  }
  X509Ptr cert = ParseDer(leaf);
  if (!cert) {
    DrainOpenSslErrors();
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
  DrainOpenSslErrors();
  return match;
}

}  // namespace lde::x509
