#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lde::metrics {

// OpenSSL's protocol name ("TLSv1.3", "TLSv1", "SSLv3") in blackbox_exporter's
// spelling ("TLS 1.3", "TLS 1.0", "SSL 3.0"); unknown names pass through.
std::string TlsVersionLabel(std::string_view openssl_name);

// ",a.example,b.example," (ssl_exporter's convention, so a PromQL regex can
// match one name), or "" when there are none.
std::string DnsNamesLabel(const std::vector<std::string>& names);
// The same written into `out`, reusing its capacity.
void AssignDnsNamesLabel(const std::vector<std::string>& names, std::string& out);

}  // namespace lde::metrics
