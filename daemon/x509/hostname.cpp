#include "x509/hostname.h"

#include <string>

#include "common/host_port.h"
#include "common/ip_literal.h"
#include "ossl/errors.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

bool Matches(X509* cert, std::string_view host, HostnameMode mode) {
  host = StripBrackets(host);                                      // "[2001:db8::1]" as in a URL
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // absolute FQDN
  // A leading dot would ask OpenSSL for a suffix match ("any subdomain of"),
  // which is not a host name at all.
  if (host.empty() || host.front() == '.' || host.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string name(host);
  if (IsIpLiteral(name)) return X509_check_ip_asc(cert, name.c_str(), 0) == 1;
  unsigned int flags = X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
  if (mode == HostnameMode::kSanOnly) flags |= X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
  return X509_check_host(cert, name.data(), name.size(), flags, nullptr) == 1;
}

}  // namespace

bool MatchesHostname(const model::Der& leaf, std::string_view host, HostnameMode mode) {
  ossl::X509Ptr cert = ParseDer(leaf);
  const bool match = cert && Matches(cert.get(), host, mode);
  ossl::DrainOpenSslErrors();
  return match;
}

std::vector<std::string> UnmatchedHostnames(const model::Der& leaf, std::span<const std::string> hosts,
                                            HostnameMode mode) {
  ossl::X509Ptr cert = ParseDer(leaf);
  std::vector<std::string> unmatched;
  for (const std::string& host : hosts) {
    if (!cert || !Matches(cert.get(), host, mode)) unmatched.push_back(host);
  }
  ossl::DrainOpenSslErrors();
  return unmatched;
}

}  // namespace lde::x509
