#include "config/web_config_loader.h"

#include <algorithm>
#include <climits>
#include <filesystem>

#include "common/ascii.h"
#include "common/bcrypt_format.h"
#include "common/http_syntax.h"
#include "config/bounded_file.h"
#include "config/diagnostics.h"
#include "config/duration.h"
#include "config/web_sections.h"
#include "config/yaml_document.h"
#include "config/yaml_reader.h"

namespace lde::config {
namespace {

namespace fs = std::filesystem;
using detail::At;
using detail::Diagnostics;
using detail::MapEntry;
using detail::MapReader;

std::string AbsoluteDir(const std::string& dir) {
  std::error_code ec;
  fs::path base = dir.empty() ? fs::current_path(ec) : fs::absolute(dir, ec);
  return ec ? dir : base.lexically_normal().string();
}

// The headers exporter-toolkit lets a web config set, with the values it
// allows (compared ignoring case); an empty list allows any value.
struct AllowedHeader {
  std::string_view name;
  std::vector<std::string_view> values;
};
const std::vector<AllowedHeader>& AllowedHeaders() {
  static const std::vector<AllowedHeader> kHeaders = {
      {"Content-Security-Policy", {}},         {"X-Frame-Options", {"deny", "sameorigin"}},
      {"X-Content-Type-Options", {"nosniff"}}, {"X-XSS-Protection", {}},
      {"Strict-Transport-Security", {}},
  };
  return kHeaders;
}

void ParseHeaders(const MapEntry& entry, const std::string& path, model::WebConfig& out, Diagnostics& diag) {
  std::vector<std::string_view> names;
  for (const auto& header : AllowedHeaders()) names.push_back(header.name);
  MapReader map(entry.value, path, entry.line, names, diag);
  std::vector<std::pair<int, std::pair<std::string, std::string>>> found;
  for (const auto& header : AllowedHeaders()) {
    auto value = map.String(header.name);
    if (!value) continue;
    const int line = detail::LineOf(map.Find(header.name)->value, map.LineOf(header.name));
    const std::string header_path = map.PathOf(header.name);
    if (!IsSafeFieldValue(*value)) {
      // A CR or LF would let the value start a header or a body of its own.
      diag.Add(line, At(header_path, "must not contain CR, LF or NUL"));
      continue;
    }
    if (!header.values.empty() &&
        std::none_of(header.values.begin(), header.values.end(),
                     [&](std::string_view allowed) { return EqualsIgnoreAsciiCase(*value, allowed); })) {
      std::string expected;
      for (auto allowed : header.values) expected += (expected.empty() ? "" : " or ") + std::string(allowed);
      diag.Add(line, At(header_path, "invalid value \"" + *value + "\" (expected " + expected + ")"));
      continue;
    }
    found.push_back({map.LineOf(header.name), {std::string(header.name), *value}});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& header : found) out.headers.push_back(std::move(header.second));
}

void ParseHttpServerConfig(const MapEntry& section, model::WebConfig& out, Diagnostics& diag) {
  MapReader map(section.value, "http_server_config", section.line, {"http2", "headers"}, diag);
  if (auto http2 = map.Bool("http2")) out.http2 = *http2;
  if (const MapEntry* headers = map.Find("headers")) {
    ParseHeaders(*headers, map.PathOf("headers"), out, diag);
  }
}

void ParseBasicAuthUsers(const MapEntry& section, model::WebConfig& out, Diagnostics& diag) {
  const std::string path = "basic_auth_users";
  const detail::YamlNode& node = section.value;
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    diag.Add(detail::LineOf(node, section.line),
             At(path, "expected a mapping of user name to bcrypt hash, got " + detail::KindName(node)));
    return;
  }
  for (const auto& entry : detail::ReadEntries(node, path, diag)) {
    // RFC 7617 §2: the user-id cannot hold a colon, which ends it.
    if (entry.key.empty()) {
      diag.Add(entry.line, At(path, "a user name must not be empty"));
      continue;
    }
    if (entry.key.find(':') != std::string::npos) {
      diag.Add(entry.line, At(path, "user name \"" + entry.key + "\" must not contain ':'"));
      continue;
    }
    const std::string user_path = path + "." + entry.key;
    const int line = detail::LineOf(entry.value, entry.line);
    // The value is never echoed: a plain password put there by mistake
    // must not end up in logs.
    if (entry.value.IsNull()) {
      diag.Add(line, At(user_path, "has no value (expected a bcrypt hash)"));
    } else if (!entry.value.IsScalar()) {
      diag.Add(line, At(user_path, "expected a bcrypt hash, got " + detail::KindName(entry.value)));
    } else if (!IsBcryptHashFormat(entry.value.Scalar())) {
      diag.Add(line, At(user_path,
                        "is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 60 characters, as "
                        "`htpasswd -nB user` prints after the colon)"));
    } else {
      out.basic_auth_users[entry.key] = entry.value.Scalar();
    }
  }
}

void ParseRateLimit(const MapEntry& section, model::WebConfig& out, Diagnostics& diag) {
  MapReader map(section.value, "rate_limit", section.line, {"interval", "burst"}, diag);
  bool interval_ok = true;
  if (const MapEntry* interval = map.Find("interval")) {
    // exporter-toolkit reads a Go duration, where a bare 0 (no limit) is
    // valid; Prometheus durations need a unit.
    if (interval->value.IsScalar() && interval->value.Scalar() == "0") {
      out.rate_limit.interval = Duration::zero();
    } else if (auto value = map.DurationValue("interval")) {
      out.rate_limit.interval = *value;
    } else {
      interval_ok = false;
    }
  }
  auto burst = map.Integer("burst", 0, INT_MAX);
  if (burst) out.rate_limit.burst = static_cast<int>(*burst);
  // Go's rate.Limiter with a zero burst allows no request at all.
  if (interval_ok && (burst || !map.Has("burst")) && out.rate_limit.interval > Duration::zero() &&
      out.rate_limit.burst < 1) {
    diag.Add(
        map.Has("burst") ? map.LineOf("burst") : map.LineOf("interval"),
        At("rate_limit", "burst must be at least 1 when interval is set (0 would refuse every request)"));
  }
}

void ParseRoot(const detail::YamlNode& root, const std::string& base_dir, model::WebConfig& out,
               Diagnostics& diag) {
  if (!root.IsNull() && !root.IsMap()) {
    diag.Add(detail::LineOf(root, 1), "the top level must be a mapping, got " + detail::KindName(root));
    return;
  }
  MapReader map(root, "", 1, {"tls_server_config", "http_server_config", "basic_auth_users", "rate_limit"},
                diag);
  if (const MapEntry* e = map.Find("tls_server_config"))
    detail::ParseTlsServerConfig(*e, base_dir, out, diag);
  if (const MapEntry* e = map.Find("http_server_config")) ParseHttpServerConfig(*e, out, diag);
  if (const MapEntry* e = map.Find("basic_auth_users")) ParseBasicAuthUsers(*e, out, diag);
  if (const MapEntry* e = map.Find("rate_limit")) ParseRateLimit(*e, out, diag);
}

WebConfigLoadResult Fail(const std::string& path, const std::string& why) {
  WebConfigLoadResult result;
  result.errors.push_back(path + ": " + why);
  return result;
}

}  // namespace

WebConfigLoadResult ParseWebConfigText(std::string_view yaml, const std::string& source_name,
                                       const std::string& base_dir) {
  Diagnostics diag(source_name);
  model::WebConfig config;
  try {
    const detail::SingleDocument doc = detail::LoadSingleDocument(std::string(yaml), diag);
    if (doc.ok && !doc.empty) ParseRoot(doc.root(), AbsoluteDir(base_dir), config, diag);
  } catch (const std::exception& e) {
    diag.Add(0, std::string("cannot read web config: ") + e.what());
  }
  WebConfigLoadResult result;
  result.errors = diag.Take();
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

WebConfigLoadResult LoadWebConfigFile(const std::string& path) {
  try {
    const auto text = ReadBoundedFile(path, kMaxWebConfigBytes, "web config file");
    if (!text.ok()) return Fail(path, text.error().detail);
    return ParseWebConfigText(text.value(), path, fs::path(path).parent_path().string());
  } catch (const std::exception& e) {
    return Fail(path, std::string("cannot read web config file: ") + e.what());
  }
}

}  // namespace lde::config
