#include "config/config_loader.h"

#include <filesystem>
#include <utility>

#include "config/bounded_file.h"
#include "config/diagnostics.h"
#include "config/sections.h"
#include "config/yaml_document.h"
#include "config/yaml_reader.h"

namespace lde::config {
namespace {

namespace fs = std::filesystem;

std::string AbsoluteDir(const std::string& dir) {
  std::error_code ec;
  fs::path base = dir.empty() ? fs::current_path(ec) : fs::absolute(dir, ec);
  return ec ? dir : base.lexically_normal().string();
}

void ParseRoot(const detail::YamlNode& root, const std::string& base_dir, Config& config,
               detail::Diagnostics& diag) {
  if (!root.IsNull() && !root.IsMap()) {
    diag.Add(detail::LineOf(root, 1),
             "the top level must be a mapping of sections, got " + detail::KindName(root));
    return;
  }
  detail::MapReader map(
      root, "", 1, {"global", "trust_stores", "resolvers", "policies", "targets", "profiles", "deployments"},
      diag);
  auto section = [&map](std::string_view key) {
    const detail::MapEntry* entry = map.Find(key);
    return entry ? entry->value : detail::YamlNode();
  };
  auto line = [&map](std::string_view key) { return map.LineOf(key); };
  detail::ParseGlobal(section("global"), line("global"), config.global, diag);
  detail::ParseTrustStores(section("trust_stores"), line("trust_stores"), base_dir, config, diag);
  detail::ParseResolvers(section("resolvers"), line("resolvers"), config, diag);
  detail::ParsePolicies(section("policies"), line("policies"), config, diag);
  detail::ParseProfiles(section("profiles"), line("profiles"), config, diag);
  detail::ParseTargets(section("targets"), line("targets"), config, diag);
  detail::ParseDeployments(section("deployments"), line("deployments"), base_dir, config, diag);
}

// The parse, with the config still writable (null on errors).
std::shared_ptr<Config> Parse(std::string_view yaml, const std::string& source_name,
                              const std::string& base_dir, std::vector<std::string>& errors) {
  detail::Diagnostics diag(source_name);
  auto config = std::make_shared<Config>();
  try {
    const detail::SingleDocument doc = detail::LoadSingleDocument(std::string(yaml), diag);
    if (doc.ok && !doc.empty) ParseRoot(doc.root(), AbsoluteDir(base_dir), *config, diag);
  } catch (const std::exception& e) {
    diag.Add(0, std::string("cannot read config: ") + e.what());
  }
  errors = diag.Take();
  if (!errors.empty()) return nullptr;
  // No copy to pack the config: while yaml-cpp's node tree was the parse's
  // working memory (tens of MiB in small blocks at 10,000 targets) a copy
  // made here moved the config out of the holes that tree left; the compact
  // tree (yaml_tree.h) leaves none worth it, and the copy now costs more
  // than it packs (startup_reload at 10,000 + 1,000: 32 MiB resident after
  // three reloads with it, 29 without).
  return config;
}

// Applies the instance's share (instance.h) and seals the config.
ConfigLoadResult Finish(std::shared_ptr<Config> config, std::vector<std::string> errors,
                        const InstanceOverrides& overrides) {
  ConfigLoadResult result;
  result.errors = std::move(errors);
  if (config) {
    result.selection = SelectForInstance(*config, overrides);
    result.config = std::move(config);
  }
  return result;
}

}  // namespace

ConfigLoadResult ParseConfigText(std::string_view yaml, const std::string& source_name,
                                 const std::string& base_dir, const InstanceOverrides& overrides) {
  std::vector<std::string> errors;
  auto config = Parse(yaml, source_name, base_dir, errors);
  return Finish(std::move(config), std::move(errors), overrides);
}

ConfigLoadResult LoadConfigFile(const std::string& path, const InstanceOverrides& overrides) {
  auto text = ReadBoundedFile(path, kMaxConfigBytes, "config file");
  if (!text.ok()) {
    ConfigLoadResult result;
    result.errors.push_back(path + ": " + text.error().detail);
    return result;
  }
  std::vector<std::string> errors;
  auto config = Parse(text.value(), path, fs::path(path).parent_path().string(), errors);
  if (config) config->source_path = path;
  return Finish(std::move(config), std::move(errors), overrides);
}

}  // namespace lde::config
