// trust_stores, resolvers, policies and profiles: mappings of a name to a
// small object.

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "config/references.h"
#include "config/sections.h"
#include "config/server_address.h"
#include "config/yaml_reader.h"

namespace lde::config::detail {
namespace {

namespace fs = std::filesystem;

// The entries of a named section, or none (reported) if it is not a mapping.
std::vector<MapEntry> NamedEntries(const YamlNode& node, int line, const std::string& section,
                                   Diagnostics& diag) {
  if (node.IsNull()) return {};
  if (!node.IsMap()) {
    diag.Add(LineOf(node, line),
             At(section, "expected a mapping of name to settings, got " + KindName(node)));
    return {};
  }
  std::vector<MapEntry> valid;
  for (auto& entry : ReadEntries(node, section, diag)) {
    if (!IsValidName(entry.key)) {
      diag.Add(entry.line,
               At(section, "invalid name \"" + entry.key + "\" (use letters, digits, '_', '.' and '-')"));
      continue;
    }
    valid.push_back(std::move(entry));
  }
  return valid;
}

// Absolute path of a readable CA file, or nullopt (reported). The file is not
// parsed here: x509/ loads it, so config stays free of OpenSSL.
std::optional<std::string> CheckCaFile(const LocatedString& file, const std::string& base_dir,
                                       const std::string& path, Diagnostics& diag) {
  fs::path p(file.value);
  if (p.is_relative()) p = fs::path(base_dir) / p;
  p = p.lexically_normal();
  std::error_code ec;
  fs::file_status status = fs::status(p, ec);
  std::string problem;
  if (ec || !fs::exists(status)) {
    problem = ec ? ec.message() : "no such file";
  } else if (fs::is_directory(status)) {
    problem = "is a directory";
  } else if (access(p.c_str(), R_OK) != 0) {
    problem = std::strerror(errno);
  }
  if (!problem.empty()) {
    diag.Add(file.line, At(path, "cannot read CA file " + p.string() + ": " + problem));
    return std::nullopt;
  }
  return p.string();
}

// The keys of a policy's rules, allowed in `policies` and inline in a profile.
const std::vector<std::string_view> kRuleKeys{
    "reject_sha1",       "min_rsa_bits",           "min_ec_bits", "reject_dsa", "san_required",
    "max_validity_days", "require_server_auth_eku"};

std::vector<std::string_view> WithRuleKeys(std::vector<std::string_view> keys) {
  keys.insert(keys.end(), kRuleKeys.begin(), kRuleKeys.end());
  return keys;
}

// Applies the rule keys present in `map` over `policy`. Bounds: a key size
// above 16384 bits (RSA) or 1024 (EC) or a zero limit is a typo, not a policy.
void ParseRules(MapReader& map, PolicyConfig& policy) {
  constexpr long long kMaxRsaBits = 16384;
  constexpr long long kMaxEcBits = 1024;
  constexpr long long kMaxValidityDays = 36500;
  if (auto v = map.Bool("reject_sha1")) policy.reject_sha1 = *v;
  if (auto v = map.Integer("min_rsa_bits", 1, kMaxRsaBits)) policy.min_rsa_bits = static_cast<int>(*v);
  if (auto v = map.Integer("min_ec_bits", 1, kMaxEcBits)) policy.min_ec_bits = static_cast<int>(*v);
  if (auto v = map.Bool("reject_dsa")) policy.reject_dsa = *v;
  if (auto v = map.Bool("san_required")) policy.san_required = *v;
  if (auto v = map.Integer("max_validity_days", 1, kMaxValidityDays)) {
    policy.max_validity_days = static_cast<int>(*v);
  }
  if (auto v = map.Bool("require_server_auth_eku")) policy.require_server_auth_eku = *v;
}

}  // namespace

void ParseTrustStores(const YamlNode& node, int line, const std::string& base_dir, Config& out,
                      Diagnostics& diag) {
  if (node.IsNull() || (node.IsMap() && node.size() == 0)) {
    // No stores configured: judge against the OS bundle, as a browser would.
    out.trust_stores.push_back({"public", true, {}});
    return;
  }
  for (const auto& entry : NamedEntries(node, line, "trust_stores", diag)) {
    std::string path = "trust_stores." + entry.key;
    MapReader map(entry.value, path, entry.line, {"system", "ca_files"}, diag);
    TrustStoreConfig store;
    store.name = entry.key;
    bool complete = map.is_map();
    if (auto system = map.Bool("system")) {
      store.system = *system;
    } else if (map.Has("system")) {
      complete = false;
    }
    if (auto files = map.StringList("ca_files")) {
      for (std::size_t i = 0; i < files->size(); ++i) {
        std::string file_path = path + ".ca_files[" + std::to_string(i) + "]";
        if (auto ok = CheckCaFile((*files)[i], base_dir, file_path, diag)) {
          store.ca_files.push_back(*ok);
        } else {
          complete = false;
        }
      }
    } else if (map.Has("ca_files")) {
      complete = false;
    }
    if (complete && !store.system && store.ca_files.empty()) {
      diag.Add(map.line(), At(path, "has no trust anchors: set system: true or list ca_files"));
    }
    out.trust_stores.push_back(std::move(store));
  }
}

void ParseResolvers(const YamlNode& node, int line, Config& out, Diagnostics& diag) {
  for (const auto& entry : NamedEntries(node, line, "resolvers", diag)) {
    std::string path = "resolvers." + entry.key;
    if (entry.key == "system") {
      // DnsOutcome.resolver says "system" for the default resolver.
      diag.Add(entry.line, At(path,
                              "the name \"system\" is reserved; omit `resolver` to use "
                              "the system resolver"));
      continue;
    }
    MapReader map(entry.value, path, entry.line, {"servers"}, diag);
    ResolverConfig resolver;
    resolver.name = entry.key;
    if (auto servers = map.StringList("servers")) {
      for (std::size_t i = 0; i < servers->size(); ++i) {
        auto server = ParseServerAddress((*servers)[i].value);
        if (server) {
          resolver.servers.push_back(server.value());
        } else {
          diag.Add((*servers)[i].line,
                   At(path + ".servers[" + std::to_string(i) + "]", server.error().detail));
        }
      }
    }
    out.resolvers.push_back(std::move(resolver));
  }
}

void ParsePolicies(const YamlNode& node, int line, Config& out, Diagnostics& diag) {
  for (const auto& entry : NamedEntries(node, line, "policies", diag)) {
    std::string path = "policies." + entry.key;
    if (entry.key == kNoPolicyName) {
      diag.Add(entry.line, At(path, "the name \"none\" is reserved for the policy without rules"));
      continue;
    }
    MapReader map(entry.value, path, entry.line, kRuleKeys, diag);
    PolicyConfig policy;  // every rule off unless set: a policy says what it enforces
    policy.name = entry.key;
    ParseRules(map, policy);
    out.policies.push_back(std::move(policy));
  }
}

void ParseProfiles(const YamlNode& node, int line, Config& out, Diagnostics& diag) {
  for (const auto& entry : NamedEntries(node, line, "profiles", diag)) {
    std::string path = "profiles." + entry.key;
    MapReader map(entry.value, path, entry.line,
                  WithRuleKeys({"trust_stores", "validate_certificates", "policy"}), diag);
    ProfileConfig profile;
    profile.name = entry.key;
    if (auto validate = map.Bool("validate_certificates")) profile.validate_certificates = *validate;
    if (auto policy = ReadPolicy(map, out)) profile.policy = std::move(*policy);
    // Inline rules refine the named policy for this device; the result is
    // no longer that policy, so it is named after the profile.
    PolicyConfig base = profile.policy;
    ParseRules(map, profile.policy);
    if (!(profile.policy == base)) profile.policy.name = "profile:" + profile.name;
    if (auto stores = map.StringList("trust_stores")) {
      profile.trust_stores =
          CheckReferences(*stores, RefKind::kTrustStore, out, map.PathOf("trust_stores"), diag);
      if (stores->empty() && profile.validate_certificates) {
        diag.Add(map.LineOf("trust_stores"),
                 At(map.PathOf("trust_stores"), "must name at least one trust store"));
      }
    } else if (!map.Has("trust_stores")) {
      profile.trust_stores = DefaultTrustStores(out);
    }
    out.profiles.push_back(std::move(profile));
  }
}

}  // namespace lde::config::detail
