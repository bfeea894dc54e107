#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <unordered_map>

#include "common/ascii.h"
#include "config/host_name.h"
#include "config/password_file.h"
#include "config/references.h"
#include "config/sections.h"
#include "config/yaml_reader.h"
#include "model/budgets.h"

namespace lde::config::detail {
namespace {

// `user@domain`, optionally written as a SIP URI (`sip:user@domain`).
bool IsValidSipUri(std::string_view text) {
  if (text.size() > 4 && AsciiLowerCopy(text.substr(0, 4)) == "sip:") text.remove_prefix(4);
  std::size_t at = text.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  std::string_view user = text.substr(0, at);
  for (char c : user) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '@') return false;
  }
  return IsValidDnsName(text.substr(at + 1));
}

// `internal:` / `external:`: present (even empty) means "probe this network".
NetworkConfig ReadNetwork(const MapEntry& entry, const std::string& path, const Config& config,
                          Diagnostics& diag) {
  NetworkConfig network;
  network.enabled = true;
  MapReader map(entry.value, path, entry.line, {"resolver", "port", "http_port"}, diag);
  if (auto resolver = map.String("resolver")) {
    CheckResolver(*resolver, map.LineOf("resolver"), config, map.PathOf("resolver"), diag);
    network.resolver = *resolver;
  }
  if (auto port = map.Integer("port", 1, 65535)) network.port = static_cast<std::uint16_t>(*port);
  if (auto port = map.Integer("http_port", 1, 65535)) network.http_port = static_cast<std::uint16_t>(*port);
  return network;
}

// `auth: {username, password_file}`: the test account of the authenticated
// sign-in. The password is read now, so a reload re-reads it and a file
// others could read fails the load, named with its mode, never quoted.
std::optional<AuthConfig> ReadAuth(const MapEntry& entry, const std::string& path,
                                   const std::string& base_dir, Diagnostics& diag) {
  MapReader map(entry.value, path, entry.line, {"username", "password_file"}, diag);
  if (!map.is_map()) return std::nullopt;
  map.Require("username");
  map.Require("password_file");
  AuthConfig auth;
  bool ok = true;
  if (auto username = map.String("username")) {
    // The token endpoint wants the bare user@domain, no sip: prefix.
    if (IsValidSipUri(*username) && AsciiLowerCopy(username->substr(0, 4)) != "sip:") {
      auth.username = *username;
    } else {
      diag.Add(map.LineOf("username"),
               At(map.PathOf("username"), "expected user@domain, got \"" + *username + "\""));
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto file = map.String("password_file")) {
    std::filesystem::path p(*file);
    if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
    auth.password_file = p.lexically_normal().string();
    auto password = ReadPasswordFile(auth.password_file, ::geteuid());
    if (password.ok()) {
      auth.password = std::move(password).value();
    } else {
      diag.Add(map.LineOf("password_file"), At(map.PathOf("password_file"), password.error().detail));
      ok = false;
    }
  } else {
    ok = false;
  }
  if (!ok) return std::nullopt;
  return auth;
}

// Name -> line of the target or deployment that declared it: one lookup per
// deployment, so 1,000 deployments beside 10,000 targets are not ten million
// comparisons.
struct DeclaredNames {
  std::unordered_map<std::string, int> targets;
  std::unordered_map<std::string, int> deployments;
};

void ReadDomainAndName(MapReader& map, DeclaredNames& declared, DeploymentConfig& deployment) {
  Diagnostics& diag = map.diag();
  if (auto domain = map.String("domain")) {
    std::string lower = AsciiLowerCopy(*domain);
    if (!lower.empty() && lower.back() == '.') lower.pop_back();
    if (IsValidDnsName(lower)) {
      deployment.domain = lower;
    } else {
      diag.Add(map.LineOf("domain"), At(map.PathOf("domain"), "invalid domain name \"" + *domain + "\""));
    }
  }
  auto name = map.String("name");
  deployment.name = name ? *name : deployment.domain;
  if (deployment.name.empty()) return;
  int line = map.Has("name") ? map.LineOf("name") : map.LineOf("domain");
  std::string hint = name ? "" : "; set `name` to tell them apart";
  if (auto target = declared.targets.find(deployment.name); target != declared.targets.end()) {
    diag.Add(line, At(map.path(), "name \"" + deployment.name + "\" is already used by the target on line " +
                                      std::to_string(target->second) + hint));
    return;
  }
  if (auto [other, added] = declared.deployments.try_emplace(deployment.name, deployment.line); !added) {
    diag.Add(line,
             At(map.path(), "name \"" + deployment.name + "\" is already used by the deployment on line " +
                                std::to_string(other->second) + hint));
  }
}

// `sip_domains`: further SIP domains served by the same reverse proxy and
// Front End. The deployment's own domain always comes first; repeats (in any
// case, with or without a trailing dot) are dropped, since listing the
// domain itself is the natural way to write the list.
std::vector<std::string> ReadSipDomains(MapReader& map, const std::string& domain) {
  std::vector<std::string> out;
  if (!domain.empty()) out.push_back(domain);
  auto list = map.StringList("sip_domains");
  if (!list) return out;
  Diagnostics& diag = map.diag();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const LocatedString& item = (*list)[i];
    std::string lower = AsciiLowerCopy(item.value);
    if (!lower.empty() && lower.back() == '.') lower.pop_back();
    if (!IsValidDnsName(lower)) {
      diag.Add(item.line, At(map.PathOf("sip_domains") + "[" + std::to_string(i) + "]",
                             "invalid domain name \"" + item.value + "\""));
      continue;
    }
    if (std::find(out.begin(), out.end(), lower) == out.end()) out.push_back(std::move(lower));
  }
  if (out.size() > model::budget::kSipDomains.value) {
    diag.Add(map.LineOf("sip_domains"),
             At(map.PathOf("sip_domains"), std::to_string(out.size()) +
                                               " SIP domains (the domain included); at most " +
                                               std::to_string(model::budget::kSipDomains.value)));
  }
  return out;
}

std::vector<std::string> ReadProfiles(MapReader& map, const Config& config) {
  if (auto profiles = map.StringList("profiles")) {
    return CheckReferences(*profiles, RefKind::kProfile, config, map.PathOf("profiles"), map.diag());
  }
  std::vector<std::string> all;
  if (!map.Has("profiles")) {
    for (const auto& profile : config.profiles) all.push_back(profile.name);
  }
  return all;
}

}  // namespace

void ParseDeployments(const YamlNode& node, int line, const std::string& base_dir, Config& out,
                      Diagnostics& diag) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    diag.Add(LineOf(node, line), At("deployments", "expected a list of deployments, got " + KindName(node)));
    return;
  }
  out.deployments.reserve(out.deployments.size() + node.size());  // the final size (see ParseTargets)
  DeclaredNames declared;
  for (const auto& target : out.targets) declared.targets.try_emplace(target.name, target.line);
  for (const auto& other : out.deployments) declared.deployments.try_emplace(other.name, other.line);
  for (std::size_t index = 0; index < node.size(); ++index) {
    const YamlNode item = node.Item(index);
    std::string path = "deployments[" + std::to_string(index) + "]";
    MapReader map(item, path, LineOf(item, line),
                  {"domain", "name", "sip_domains", "sip_uri", "internal", "external", "trust_stores",
                   "profiles", "auth"},
                  diag);
    if (!map.is_map()) continue;
    if (item.IsNull()) {
      diag.Add(map.line(), At(path, "is empty"));
      continue;
    }
    map.Require("domain");
    DeploymentConfig deployment;
    deployment.line = map.line();
    ReadDomainAndName(map, declared, deployment);
    deployment.sip_domains = ReadSipDomains(map, deployment.domain);
    if (auto sip_uri = map.String("sip_uri")) {
      if (IsValidSipUri(*sip_uri)) {
        deployment.sip_uri = *sip_uri;
      } else {
        diag.Add(map.LineOf("sip_uri"),
                 At(map.PathOf("sip_uri"), "expected user@domain, got \"" + *sip_uri + "\""));
      }
    }
    if (const MapEntry* internal = map.Find("internal")) {
      deployment.internal = ReadNetwork(*internal, map.PathOf("internal"), out, diag);
    }
    if (const MapEntry* external = map.Find("external")) {
      deployment.external = ReadNetwork(*external, map.PathOf("external"), out, diag);
    }
    if (!map.Has("internal") && !map.Has("external")) {
      diag.Add(map.line(), At(path, "probes no network: add `internal:`, `external:` or both"));
    }
    deployment.trust_stores = ReadTrustStoreList(map, out);
    deployment.profiles = ReadProfiles(map, out);
    if (const MapEntry* auth = map.Find("auth"))
      deployment.auth = ReadAuth(*auth, map.PathOf("auth"), base_dir, diag);
    out.deployments.push_back(std::move(deployment));
  }
}

}  // namespace lde::config::detail
