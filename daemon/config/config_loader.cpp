#include "config/config_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "config/diagnostics.h"
#include "config/sections.h"
#include "config/yaml_reader.h"

namespace lde::config {
namespace {

namespace fs = std::filesystem;

// A config is a few kilobytes; refuse to slurp something that is clearly not one.
constexpr std::uintmax_t kMaxConfigBytes = std::uintmax_t{4} << 20;

std::string AbsoluteDir(const std::string& dir) {
  std::error_code ec;
  fs::path base = dir.empty() ? fs::current_path(ec) : fs::absolute(dir, ec);
  return ec ? dir : base.lexically_normal().string();
}

// yaml-cpp 0.7's LoadAll never returns on some malformed streams: a stray
// "," at the top level is a null document that consumes no token, so it
// yields null documents forever and allocates until the OOM killer ends the
// daemon (jbeder/yaml-cpp#1040, fixed upstream after 0.7 by PR #1319). So the
// documents are first counted with an event handler that keeps nothing,
// stopping when a document starts where the last one did.
class DocumentScanner final : public YAML::EventHandler {
 public:
  static constexpr int kMaxDocuments = 1 << 20;

  struct Shape {
    int documents = 0;
    std::optional<YAML::Mark> stall;  // where the parser stopped consuming
    int second_root_line = 0;         // 1-based line of the second document's root node
  };

  static Shape Scan(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentScanner scanner;
    Shape shape;
    std::optional<int> last_start;
    // Every document consumes at least one token of a stream of at most
    // kMaxConfigBytes, so the cap is only a second line of defence.
    while (shape.documents < kMaxDocuments && parser.HandleNextDocument(scanner)) {
      if (last_start && *last_start == scanner.start_.pos) {
        shape.stall = scanner.start_;
        return shape;
      }
      last_start = scanner.start_.pos;
      if (++shape.documents == 2) shape.second_root_line = scanner.root_.line + 1;
    }
    return shape;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    start_ = mark;
    root_seen_ = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Root(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Root(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    Root(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Root(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Root(mark);
  }
  void OnMapEnd() override {}

 private:
  void Root(const YAML::Mark& mark) {
    if (!root_seen_) root_ = mark;
    root_seen_ = true;
  }

  YAML::Mark start_ = YAML::Mark::null_mark();
  YAML::Mark root_ = YAML::Mark::null_mark();
  bool root_seen_ = false;
};

void ParseRoot(const YAML::Node& root, const std::string& base_dir, Config& config,
               detail::Diagnostics& diag) {
  if (!root.IsNull() && !root.IsMap()) {
    diag.Add(detail::LineOf(root, 1),
             "the top level must be a mapping of sections, got " + detail::KindName(root));
    return;
  }
  detail::MapReader map(root, "", 1,
                        {"global", "trust_stores", "resolvers", "targets", "profiles", "deployments"}, diag);
  auto section = [&map](std::string_view key) {
    const detail::MapEntry* entry = map.Find(key);
    return entry ? entry->value : YAML::Node();
  };
  auto line = [&map](std::string_view key) { return map.LineOf(key); };
  detail::ParseGlobal(section("global"), line("global"), config.global, diag);
  detail::ParseTrustStores(section("trust_stores"), line("trust_stores"), base_dir, config, diag);
  detail::ParseResolvers(section("resolvers"), line("resolvers"), config, diag);
  detail::ParseProfiles(section("profiles"), line("profiles"), config, diag);
  detail::ParseTargets(section("targets"), line("targets"), config, diag);
  detail::ParseDeployments(section("deployments"), line("deployments"), config, diag);
}

}  // namespace

ConfigLoadResult ParseConfigText(std::string_view yaml, const std::string& source_name,
                                 const std::string& base_dir) {
  detail::Diagnostics diag(source_name);
  auto config = std::make_shared<Config>();
  try {
    const std::string text(yaml);
    const DocumentScanner::Shape shape = DocumentScanner::Scan(text);
    if (shape.stall) {
      const std::size_t pos = static_cast<std::size_t>(shape.stall->pos);
      const unsigned char c = pos < text.size() ? static_cast<unsigned char>(text[pos]) : 0;
      diag.Add(shape.stall->line + 1,
               c > 0x20 && c < 0x7f ? std::string("invalid YAML: unexpected '") + static_cast<char>(c) + "'"
                                    : std::string("invalid YAML: unexpected token"));
    } else if (shape.documents > 1) {
      diag.Add(shape.second_root_line,
               "the file must hold one YAML document, found " + std::to_string(shape.documents));
    } else if (shape.documents == 1) {
      ParseRoot(YAML::Load(text), AbsoluteDir(base_dir), *config, diag);
    }
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    diag.Add(line, "invalid YAML: " + e.msg);
  } catch (const std::exception& e) {
    diag.Add(0, std::string("cannot read config: ") + e.what());
  }
  ConfigLoadResult result;
  result.errors = diag.Take();
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

ConfigLoadResult LoadConfigFile(const std::string& path) {
  auto fail = [&path](const std::string& why) {
    ConfigLoadResult result;
    result.errors.push_back(path + ": " + why);
    return result;
  };
  std::error_code ec;
  if (fs::is_directory(path, ec)) return fail("cannot read config file: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::string("cannot read config file: ") + std::strerror(errno));
  auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxConfigBytes) {
    return fail("config file is larger than " + std::to_string(kMaxConfigBytes) + " bytes");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(std::string("cannot read config file: ") + std::strerror(errno));
  std::string dir = fs::path(path).parent_path().string();
  ConfigLoadResult result = ParseConfigText(text.str(), path, dir);
  if (result.config) {
    auto config = std::make_shared<Config>(*result.config);
    config->source_path = path;
    result.config = std::move(config);
  }
  return result;
}

}  // namespace lde::config
