// tls_server_config of the web config (exporter-toolkit's TLSConfig and the
// checks of its ConfigToTLSConfig, made before the listener is built).

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <span>

#include "config/web_sections.h"
#include "config/yaml_reader.h"

namespace lde::config::detail {
namespace {

namespace fs = std::filesystem;
using model::ClientAuthType;

// Indexed by the enums' values, spelled as exporter-toolkit (and Go) spell them.
constexpr std::array<std::string_view, 5> kClientAuthNames = {
    "NoClientCert", "RequestClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven",
    "RequireAndVerifyClientCert"};
constexpr std::array<std::string_view, 4> kTlsVersionNames = {"TLS10", "TLS11", "TLS12", "TLS13"};
constexpr std::array<std::string_view, 4> kCurveNames = {"CurveP256", "CurveP384", "CurveP521", "X25519"};

std::string Join(std::span<const std::string_view> names) {
  std::string out;
  for (auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::optional<std::size_t> IndexOf(std::span<const std::string_view> names, std::string_view value) {
  auto it = std::find(names.begin(), names.end(), value);
  if (it == names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names.begin());
}

// The index in `names` of the string at `key`, or nullopt (absent, or bad and reported).
std::optional<std::size_t> NameValue(MapReader& map, std::string_view key,
                                     std::span<const std::string_view> names, const std::string& what) {
  auto text = map.String(key);
  if (!text) return std::nullopt;
  auto index = IndexOf(names, *text);
  if (!index) {
    map.diag().Add(
        LineOf(map.Find(key)->value, map.LineOf(key)),
        At(map.PathOf(key), "unknown " + what + " \"" + *text + "\" (expected one of: " + Join(names) + ")"));
  }
  return index;
}

// The absolute path of a readable regular file, or nullopt (reported). The
// content is not parsed here: tls/ loads it when it builds the listener.
std::optional<std::string> ReadableFile(const std::string& name, int line, const std::string& base_dir,
                                        const std::string& path, Diagnostics& diag) {
  fs::path p(name);
  if (p.is_relative()) p = fs::path(base_dir) / p;
  p = p.lexically_normal();
  // "dir/.." normalises to "parent/"; name it without the slash.
  if (!p.has_filename() && p != p.root_path()) p = p.parent_path();
  std::error_code ec;
  const fs::file_status status = fs::status(p, ec);
  std::string problem;
  if (ec || !fs::exists(status)) {
    problem = ec ? ec.message() : "no such file";
  } else if (fs::is_directory(status)) {
    problem = "is a directory";
  } else if (!fs::is_regular_file(status)) {
    problem = "not a regular file";
  } else if (access(p.c_str(), R_OK) != 0) {
    problem = std::strerror(errno);
  }
  if (!problem.empty()) {
    diag.Add(line, At(path, "cannot read " + p.string() + ": " + problem));
    return std::nullopt;
  }
  return p.string();
}

// One of the pairs "a file or inline PEM": cert_file/cert, key_file/key,
// client_ca_file/client_ca. True when either key is present.
bool ReadPemSource(MapReader& map, const std::string& base_dir, int section_line, std::string_view file_key,
                   std::string_view pem_key, bool required, std::string& file, std::string& pem) {
  if (auto name = map.String(file_key)) {
    if (auto ok = ReadableFile(*name, LineOf(map.Find(file_key)->value, map.LineOf(file_key)), base_dir,
                               map.PathOf(file_key), map.diag())) {
      file = *ok;
    }
  }
  if (auto text = map.String(pem_key)) {
    // A file name in `cert:` instead of `cert_file:` is the usual slip; the
    // value is not echoed, as `key` is a secret.
    if (text->find("-----BEGIN ") == std::string::npos) {
      map.diag().Add(LineOf(map.Find(pem_key)->value, map.LineOf(pem_key)),
                     At(map.PathOf(pem_key),
                        "expected PEM text (-----BEGIN ...); to name a file, use " + std::string(file_key)));
    }
    pem = *text;
  }
  const bool has_file = map.Has(file_key), has_pem = map.Has(pem_key);
  const std::string both = std::string(file_key) + " or " + std::string(pem_key);
  if (has_file && has_pem) {
    map.diag().Add(std::max(map.LineOf(file_key), map.LineOf(pem_key)),
                   At(map.path(), "set " + both + ", not both"));
  } else if (required && !has_file && !has_pem) {
    map.diag().Add(section_line, At(map.path(), both + " is required"));
  }
  return has_file || has_pem;
}

void ReadCurves(MapReader& map, model::TlsServerConfig& tls) {
  auto curves = map.StringList("curve_preferences");
  if (!curves) return;
  for (std::size_t i = 0; i < curves->size(); ++i) {
    const LocatedString& curve = (*curves)[i];
    if (!IndexOf(kCurveNames, curve.value)) {
      map.diag().Add(curve.line, At(map.PathOf("curve_preferences") + "[" + std::to_string(i) + "]",
                                    "unknown curve \"" + curve.value +
                                        "\" (expected one of: " + Join(kCurveNames) + ")"));
    }
    tls.curve_preferences.push_back(curve.value);
  }
}

// client_auth_type against the client CA and client_allowed_sans.
void CheckClientAuth(MapReader& map, bool has_client_ca, const model::TlsServerConfig& tls) {
  const std::string auth_name(kClientAuthNames[static_cast<std::size_t>(tls.client_auth)]);
  const bool verifies = tls.client_auth == ClientAuthType::kVerifyClientCertIfGiven ||
                        tls.client_auth == ClientAuthType::kRequireAndVerifyClientCert;
  if (verifies && !has_client_ca) {
    map.diag().Add(map.LineOf("client_auth_type"),
                   At(map.path(), "client_auth_type " + auth_name + " needs client_ca_file or client_ca"));
  }
  // exporter-toolkit refuses this too: the CA would silently do nothing.
  if (has_client_ca && tls.client_auth == ClientAuthType::kNoClientCert) {
    const std::string_view key = map.Has("client_ca_file") ? "client_ca_file" : "client_ca";
    map.diag().Add(map.LineOf(key),
                   At(map.path(), std::string(key) + " is set but client_auth_type is NoClientCert, "
                                                     "so no client certificate is asked for"));
  }
  const bool requires_cert = tls.client_auth == ClientAuthType::kRequireAnyClientCert ||
                             tls.client_auth == ClientAuthType::kRequireAndVerifyClientCert;
  if (!tls.client_allowed_sans.empty() && !requires_cert) {
    map.diag().Add(map.LineOf("client_allowed_sans"),
                   At(map.path(),
                      "client_allowed_sans needs client_auth_type RequireAnyClientCert or "
                      "RequireAndVerifyClientCert (it is " +
                          auth_name + ")"));
  }
}

}  // namespace

void ParseTlsServerConfig(const MapEntry& section, const std::string& base_dir, model::WebConfig& out,
                          Diagnostics& diag) {
  MapReader map(section.value, "tls_server_config", section.line,
                {"cert", "key", "client_ca", "cert_file", "key_file", "client_auth_type", "client_ca_file",
                 "client_allowed_sans", "min_version", "max_version", "cipher_suites",
                 "prefer_server_cipher_suites", "curve_preferences"},
                diag);
  if (!map.is_map()) return;
  model::TlsServerConfig tls;
  ReadPemSource(map, base_dir, section.line, "cert_file", "cert", true, tls.cert_file, tls.cert_pem);
  ReadPemSource(map, base_dir, section.line, "key_file", "key", true, tls.key_file, tls.key_pem);
  const bool has_client_ca = ReadPemSource(map, base_dir, section.line, "client_ca_file", "client_ca", false,
                                           tls.client_ca_file, tls.client_ca_pem);
  const auto auth = NameValue(map, "client_auth_type", kClientAuthNames, "client auth type");
  if (auth) tls.client_auth = static_cast<ClientAuthType>(*auth);
  if (auto sans = map.StringList("client_allowed_sans")) {
    for (const auto& san : *sans) tls.client_allowed_sans.push_back(san.value);
  }
  const auto min = NameValue(map, "min_version", kTlsVersionNames, "TLS version");
  if (min) tls.min_version = static_cast<model::TlsVersion>(*min);
  const auto max = NameValue(map, "max_version", kTlsVersionNames, "TLS version");
  if (max) tls.max_version = static_cast<model::TlsVersion>(*max);
  if (auto suites = map.StringList("cipher_suites")) {
    // Names are checked by tls/, which maps them to OpenSSL's.
    for (const auto& suite : *suites) tls.cipher_suites.push_back(suite.value);
  }
  if (auto prefer = map.Bool("prefer_server_cipher_suites")) tls.prefer_server_cipher_suites = *prefer;
  ReadCurves(map, tls);

  if (auth || !map.Has("client_auth_type")) CheckClientAuth(map, has_client_ca, tls);
  const bool versions_read = (min || !map.Has("min_version")) && (max || !map.Has("max_version"));
  if (versions_read && tls.min_version > tls.max_version) {
    const int line = std::max(map.Has("min_version") ? map.LineOf("min_version") : 0,
                              map.Has("max_version") ? map.LineOf("max_version") : 0);
    diag.Add(line,
             At(map.path(), "min_version " +
                                std::string(kTlsVersionNames[static_cast<std::size_t>(tls.min_version)]) +
                                " is above max_version " +
                                std::string(kTlsVersionNames[static_cast<std::size_t>(tls.max_version)])));
  }
  out.tls = std::move(tls);
}

}  // namespace lde::config::detail
