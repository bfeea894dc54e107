#pragma once

// The sections of the web config that have a file of their own (see
// web_config_loader.h for the format). Every problem goes to `diag`.

#include <string>

#include "config/diagnostics.h"
#include "config/yaml_reader.h"
#include "model/web_config.h"

namespace lde::config::detail {

// `section` is the tls_server_config entry of the root mapping. Relative file
// names are resolved against `base_dir` (absolute) and must be readable.
void ParseTlsServerConfig(const MapEntry& section, const std::string& base_dir, model::WebConfig& out,
                          Diagnostics& diag);

}  // namespace lde::config::detail
