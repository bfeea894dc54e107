#pragma once

// Reads and validates --web.config.file, in the exporter-toolkit format
// (https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md):
//
//   tls_server_config:  cert_file | cert, key_file | key (one of each),
//                       client_ca_file | client_ca, client_auth_type,
//                       client_allowed_sans, min_version, max_version,
//                       cipher_suites, prefer_server_cipher_suites,
//                       curve_preferences
//   http_server_config: http2, headers (Content-Security-Policy,
//                       X-Frame-Options, X-Content-Type-Options,
//                       X-XSS-Protection, Strict-Transport-Security)
//   basic_auth_users:   user -> bcrypt hash
//   rate_limit:         interval (duration, 0 = off), burst
//
// Unknown keys are errors, as exporter-toolkit's strict decoding makes them.
// An empty file (or `{}`) is plain HTTP without authentication. Files named
// in tls_server_config are checked to exist and be readable here; their PEM
// content is for tls/ to parse, so config stays free of OpenSSL.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/budgets.h"
#include "model/web_config.h"

namespace lde::config {

struct WebConfigLoadResult {
  std::optional<model::WebConfig> config;  // empty unless ok()
  // Every problem found, in file order, as "<source>:<line>: <key path>:
  // <message>" ("<source>: <message>" when there is no line).
  std::vector<std::string> errors;

  bool ok() const { return config.has_value() && errors.empty(); }
};

// The largest web config file accepted; it is a few hundred bytes.
inline constexpr std::size_t kMaxWebConfigBytes = model::budget::kWebConfigFileBytes.value;

// Reads `path`, which must be a regular file of at most kMaxWebConfigBytes;
// relative file names in it are resolved against its directory. Never throws.
WebConfigLoadResult LoadWebConfigFile(const std::string& path);

// Parses YAML text. `source_name` prefixes messages; `base_dir` resolves
// relative file names ("" = the current directory). Never throws.
WebConfigLoadResult ParseWebConfigText(std::string_view yaml, const std::string& source_name,
                                       const std::string& base_dir);

}  // namespace lde::config
