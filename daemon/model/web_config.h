#pragma once

// The --web.config.file settings, in the exporter-toolkit format shared by
// every Prometheus exporter (tls_server_config, http_server_config,
// basic_auth_users, rate_limit). Plain values: config/ parses them, tls/
// builds the listener's TLS context from TlsServerConfig, http/ enforces the
// rest. Paths are absolute (resolved against the web config's directory).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lde::model {

// crypto/tls ClientAuthType, spelled as exporter-toolkit spells it.
enum class ClientAuthType {
  kNoClientCert,
  kRequestClientCert,           // asked for, not required, not verified
  kRequireAnyClientCert,        // required, not verified
  kVerifyClientCertIfGiven,     // verified against client_ca when sent
  kRequireAndVerifyClientCert,  // required and verified (the only safe one)
};

enum class TlsVersion { kTls10, kTls11, kTls12, kTls13 };

struct TlsServerConfig {
  // The server certificate (chain) and key: a file, or inline PEM (`cert`,
  // `key`); exactly one of each pair is set.
  std::string cert_file, cert_pem;
  std::string key_file, key_pem;
  // CAs that sign acceptable client certificates: a file or inline PEM.
  std::string client_ca_file, client_ca_pem;
  ClientAuthType client_auth = ClientAuthType::kNoClientCert;
  // When non-empty, a client certificate must carry one of these SANs
  // (DNS, IP, e-mail or URI), compared exactly.
  std::vector<std::string> client_allowed_sans;
  TlsVersion min_version = TlsVersion::kTls12;
  TlsVersion max_version = TlsVersion::kTls13;
  // IANA names as Go spells them (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
  // empty = OpenSSL's defaults. They govern TLS 1.2 and below.
  std::vector<std::string> cipher_suites;
  bool prefer_server_cipher_suites = true;
  // Go names: CurveP256, CurveP384, CurveP521, X25519. Empty = defaults.
  std::vector<std::string> curve_preferences;

  bool operator==(const TlsServerConfig&) const = default;
};

struct RateLimit {
  // One request per `interval` on average, bursts of `burst`; interval 0 =
  // no limit. Applied to the whole server (as exporter-toolkit does).
  std::chrono::nanoseconds interval{0};
  int burst = 0;

  bool operator==(const RateLimit&) const = default;
};

struct WebConfig {
  std::optional<TlsServerConfig> tls;  // absent: plain HTTP
  // user -> bcrypt hash ($2a$, $2b$, $2y$). Empty: no authentication.
  std::map<std::string, std::string> basic_auth_users;
  // http_server_config.headers, added to every response, in file order.
  std::vector<std::pair<std::string, std::string>> headers;
  bool http2 = true;  // accepted for compatibility; the server speaks HTTP/1.1
  RateLimit rate_limit;

  bool operator==(const WebConfig&) const = default;
};

}  // namespace lde::model
