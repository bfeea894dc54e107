#include "metrics/label_values.h"

namespace lde::metrics {

std::string TlsVersionLabel(std::string_view openssl_name) {
  // SSL_get_version() names (OpenSSL 3, ssl/ssl_lib.c ssl_protocol_to_string).
  if (openssl_name == "TLSv1.3") return "TLS 1.3";
  if (openssl_name == "TLSv1.2") return "TLS 1.2";
  if (openssl_name == "TLSv1.1") return "TLS 1.1";
  if (openssl_name == "TLSv1") return "TLS 1.0";
  if (openssl_name == "SSLv3") return "SSL 3.0";
  return std::string(openssl_name);
}

std::string DnsNamesLabel(const std::vector<std::string>& names) {
  std::string out;
  AssignDnsNamesLabel(names, out);
  return out;
}

void AssignDnsNamesLabel(const std::vector<std::string>& names, std::string& out) {
  out.clear();
  if (names.empty()) return;
  out.push_back(',');
  for (const auto& name : names) {
    out += name;
    out += ',';
  }
}

}  // namespace lde::metrics
