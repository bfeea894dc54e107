#pragma once

// One parser per top-level section of the config file. They run in dependency
// order (global, trust_stores, resolvers, policies, profiles, targets,
// deployments) so that references can be checked as they are read. An absent
// or null section is passed as a null node and reads as empty. Every problem
// goes to `diag`.

#include <string>

#include "config/config.h"
#include "config/diagnostics.h"
#include "config/yaml_tree.h"

namespace lde::config::detail {

void ParseGlobal(const YamlNode& node, int line, GlobalConfig& out, Diagnostics& diag);

// Relative ca_files are resolved against `base_dir` (absolute). With no
// section at all, an implicit store "public" = {system: true} is added.
void ParseTrustStores(const YamlNode& node, int line, const std::string& base_dir, Config& out,
                      Diagnostics& diag);
void ParseResolvers(const YamlNode& node, int line, Config& out, Diagnostics& diag);
// Declared policies; the built-ins "default" and "none" are found by
// Config::FindPolicy ("default" may be redefined, "none" may not).
void ParsePolicies(const YamlNode& node, int line, Config& out, Diagnostics& diag);
void ParseProfiles(const YamlNode& node, int line, Config& out, Diagnostics& diag);
void ParseTargets(const YamlNode& node, int line, Config& out, Diagnostics& diag);
// A relative `auth.password_file` is resolved against `base_dir` (absolute).
void ParseDeployments(const YamlNode& node, int line, const std::string& base_dir, Config& out,
                      Diagnostics& diag);

}  // namespace lde::config::detail
