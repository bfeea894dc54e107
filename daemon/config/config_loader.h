#pragma once

// Reads and validates the YAML configuration. The schema is a public
// contract; see the README's "Configuration" section. In short:
//
//   global:       interval, timeout (<= interval), concurrency (1-4096),
//                 max_body_bytes (1 B - 64 MiB), max_addresses_per_name
//                 (1-256; ranges and defaults in model/budgets.h)
//   trust_stores: name -> {system: bool, ca_files: [paths]}; with no section,
//                 one store "public" = {system: true} is implied
//   resolvers:    name -> {servers: ["ip", "ip:port", "[v6]:port"]};
//                 no servers = the system resolver; "system" is reserved
//   targets:      [{name, url, resolver, trust_stores, server_name}]
//   profiles:     name -> {trust_stores, validate_certificates}
//   deployments:  [{domain, name, sip_uri, internal, external, trust_stores,
//                   profiles, auth: {username, password_file}}]
//
// Defaults: a target, profile or deployment without `trust_stores` is judged
// against ["public"] if a store of that name exists, else against every store;
// a deployment without `profiles` gets every profile; `name` defaults to the
// domain; server_name defaults to the URL host.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/budgets.h"

namespace lde::config {

struct ConfigLoadResult {
  std::shared_ptr<const Config> config;  // null unless ok()
  // Every problem found, in file order, as "<source>:<line>: <message>"
  // ("<source>: <message>" when there is no line, e.g. an unreadable file).
  std::vector<std::string> errors;
  // What of the file this instance probes (the config holds only that).
  Selection selection;

  bool ok() const { return config != nullptr && errors.empty(); }
};

// The largest config file accepted: a config is a few kilobytes, so anything
// near this is clearly not one.
inline constexpr std::size_t kMaxConfigBytes = model::budget::kConfigFileBytes.value;

// Reads `path`, which must be a regular file of at most kMaxConfigBytes
// (ReadBoundedFile: a directory, a device, a FIFO or a bigger file is one
// clear error); relative ca_files are resolved against its directory. Never
// throws. The config is then narrowed to what this instance probes:
// SelectForInstance with `overrides` (the --vantage, --shard and --networks
// flags) over the file's global.vantage, global.shard and global.networks.
ConfigLoadResult LoadConfigFile(const std::string& path, const InstanceOverrides& overrides = {});

// Parses YAML text. `source_name` prefixes messages; `base_dir` resolves
// relative ca_files ("" = the current directory). Config::source_path is left
// empty. Narrowed as LoadConfigFile narrows. Never throws.
ConfigLoadResult ParseConfigText(std::string_view yaml, const std::string& source_name,
                                 const std::string& base_dir, const InstanceOverrides& overrides = {});

}  // namespace lde::config
