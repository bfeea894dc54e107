// --web.config.file (exporter-toolkit format). Inline cases: each snippet
// gives exactly one error, on the given line, containing the given text. The
// files under tests/data/web_config: valid-full.yml sets every field; each
// bad-*.yml is paired with bad-*.expected ("<line>: a ... b" per error, in
// report order).

#include "config/web_config_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace lde::config {
namespace {

namespace fs = std::filesystem;
using model::ClientAuthType;
using model::TlsVersion;

const fs::path kDataDir = LDE_WEB_CONFIG_TEST_DATA_DIR;
const std::string kHash = "$2b$04$5p0lbG.GJdQwvo1ymSNyGeMQyNKMkaxwwLOn3Q6dVkNHR1.CXOdcu";
const std::string kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

WebConfigLoadResult Parse(const std::string& yaml) {
  return ParseWebConfigText(yaml, "web.yml", kDataDir.string());
}

std::string Data(const char* name) { return (kDataDir / name).lexically_normal().string(); }

// The smallest valid tls_server_config, to add one setting to (line 4 on).
const std::string kTls = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";

struct ErrorCase {
  const char* what;
  std::string yaml;
  int line;
  std::string message;
};

const std::vector<ErrorCase>& ErrorCases() {
  static const std::vector<ErrorCase> kCases = {
      // The document.
      {"scalar root", "just text\n", 1, "the top level must be a mapping, got a scalar"},
      {"sequence root", "- tls_server_config\n", 1, "the top level must be a mapping, got a sequence"},
      {"malformed yaml", "rate_limit: {interval: 1s\n", 2, "invalid YAML"},
      {"two documents", "{}\n---\nrate_limit: {}\n", 3, "must hold one YAML document, found 2"},
      {"stray comma", ",\n", 1, "invalid YAML: unexpected ','"},
      // Unknown and duplicate keys: exporter-toolkit decodes strictly.
      {"unknown top-level key", "tls_config: {}\n", 1, "unknown top-level key \"tls_config\""},
      {"unknown tls key", kTls + "  client_ca_files: [ca.crt]\n", 4,
       "tls_server_config: unknown key \"client_ca_files\""},
      {"unknown http key", "http_server_config:\n  http3: true\n", 2,
       "http_server_config: unknown key \"http3\""},
      {"unknown rate_limit key", "rate_limit: {interval: 1s, burst: 2, rate: 3}\n", 1,
       "rate_limit: unknown key \"rate\""},
      {"duplicate key", "rate_limit:\n  burst: 1\n  burst: 2\n", 3, "rate_limit: duplicate key \"burst\""},
      {"duplicate user", "basic_auth_users:\n  alice: " + kHash + "\n  alice: " + kHash + "\n", 3,
       "basic_auth_users: duplicate key \"alice\""},
      // tls_server_config: a certificate and a key, each from one place.
      {"tls not a mapping", "tls_server_config: on\n", 1,
       "tls_server_config: expected a mapping, got a scalar"},
      {"no certificate", "tls_server_config:\n  key_file: server.key\n", 1,
       "tls_server_config: cert_file or cert is required"},
      {"no key", "tls_server_config:\n  cert_file: server.crt\n", 1,
       "tls_server_config: key_file or key is required"},
      {"cert_file and cert", kTls + "  cert: |\n    -----BEGIN CERTIFICATE-----\n", 4,
       "tls_server_config: set cert_file or cert, not both"},
      {"key_file and key", "tls_server_config:\n  key: '-----BEGIN PRIVATE KEY-----'\n" + kTls.substr(19), 4,
       "tls_server_config: set key_file or key, not both"},
      {"client_ca_file and client_ca",
       kTls + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: client-ca.crt\n"
              "  client_ca: '-----BEGIN CERTIFICATE-----'\n",
       6, "tls_server_config: set client_ca_file or client_ca, not both"},
      {"cert_file missing", "tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n", 2,
       "tls_server_config.cert_file: cannot read " + Data("nope.crt") + ": No such file or directory"},
      {"key_file a directory", "tls_server_config:\n  cert_file: server.crt\n  key_file: ..\n", 3,
       "tls_server_config.key_file: cannot read " + kDataDir.parent_path().string() + ": is a directory"},
      {"key_file not a regular file", "tls_server_config:\n  cert_file: server.crt\n  key_file: /dev/zero\n",
       3, "tls_server_config.key_file: cannot read /dev/zero: not a regular file"},
      {"client_ca_file missing",
       kTls + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: /nonexistent/ca.crt\n", 5,
       "tls_server_config.client_ca_file: cannot read /nonexistent/ca.crt: No such file or directory"},
      {"empty cert_file", "tls_server_config:\n  cert_file: ''\n  key_file: server.key\n", 2,
       "tls_server_config.cert_file: must not be empty"},
      {"file name as cert", "tls_server_config:\n  cert: server.crt\n  key_file: server.key\n", 2,
       "tls_server_config.cert: expected PEM text (-----BEGIN ...); to name a file, use cert_file"},
      {"file name as client_ca",
       kTls + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca: ca.pem\n", 5,
       "tls_server_config.client_ca: expected PEM text"},
      // client_auth_type against the client CA and the allowed SANs.
      {"unknown client_auth_type", kTls + "  client_auth_type: RequireClientCert\n", 4,
       "tls_server_config.client_auth_type: unknown client auth type \"RequireClientCert\" (expected one of: "
       "NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, "
       "RequireAndVerifyClientCert)"},
      {"client_auth_type is case-sensitive", kTls + "  client_auth_type: noclientcert\n", 4,
       "unknown client auth type \"noclientcert\""},
      {"verify without a CA", kTls + "  client_auth_type: RequireAndVerifyClientCert\n", 4,
       "tls_server_config: client_auth_type RequireAndVerifyClientCert needs client_ca_file or client_ca"},
      {"verify if given without a CA", kTls + "  client_auth_type: VerifyClientCertIfGiven\n", 4,
       "tls_server_config: client_auth_type VerifyClientCertIfGiven needs client_ca_file or client_ca"},
      {"CA without client auth", kTls + "  client_ca_file: client-ca.crt\n", 4,
       "tls_server_config: client_ca_file is set but client_auth_type is NoClientCert"},
      {"inline CA with NoClientCert",
       kTls + "  client_auth_type: NoClientCert\n  client_ca: '-----BEGIN CERTIFICATE-----'\n", 5,
       "tls_server_config: client_ca is set but client_auth_type is NoClientCert"},
      {"SANs without client auth", kTls + "  client_allowed_sans: [monitor.test]\n", 4,
       "tls_server_config: client_allowed_sans needs client_auth_type RequireAnyClientCert or "
       "RequireAndVerifyClientCert (it is NoClientCert)"},
      {"SANs with RequestClientCert",
       kTls + "  client_auth_type: RequestClientCert\n  client_allowed_sans: [monitor.test]\n", 5,
       "client_allowed_sans needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert (it is "
       "RequestClientCert)"},
      {"SANs with VerifyClientCertIfGiven",
       kTls + "  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: client-ca.crt\n"
              "  client_allowed_sans: [monitor.test]\n",
       6, "(it is VerifyClientCertIfGiven)"},
      {"SANs not a list", kTls + "  client_auth_type: RequireAnyClientCert\n  client_allowed_sans: a.test\n",
       5, "tls_server_config.client_allowed_sans: expected a list, got a scalar"},
      // Versions, suites, curves.
      {"unknown min_version", kTls + "  min_version: TLS1.2\n", 4,
       "tls_server_config.min_version: unknown TLS version \"TLS1.2\" (expected one of: TLS10, TLS11, TLS12, "
       "TLS13)"},
      {"unknown max_version", kTls + "  max_version: tls13\n", 4,
       "tls_server_config.max_version: unknown TLS version \"tls13\""},
      {"min above max", kTls + "  min_version: TLS13\n  max_version: TLS12\n", 5,
       "tls_server_config: min_version TLS13 is above max_version TLS12"},
      {"max below the default min", kTls + "  max_version: TLS11\n", 4,
       "tls_server_config: min_version TLS12 is above max_version TLS11"},
      {"max before min in the file", kTls + "  max_version: TLS10\n  min_version: TLS11\n", 5,
       "min_version TLS11 is above max_version TLS10"},
      {"cipher_suites not a list", kTls + "  cipher_suites: TLS_AES_128_GCM_SHA256\n", 4,
       "tls_server_config.cipher_suites: expected a list, got a scalar"},
      {"empty cipher suite", kTls + "  cipher_suites: ['']\n", 4,
       "tls_server_config.cipher_suites[0]: must not be empty"},
      {"prefer_server_cipher_suites not a bool", kTls + "  prefer_server_cipher_suites: sometimes\n", 4,
       "tls_server_config.prefer_server_cipher_suites: expected true or false, got \"sometimes\""},
      {"unknown curve", kTls + "  curve_preferences:\n    - X25519\n    - P-256\n", 6,
       "tls_server_config.curve_preferences[1]: unknown curve \"P-256\" (expected one of: CurveP256, "
       "CurveP384, CurveP521, X25519)"},
      // http_server_config.
      {"http2 not a bool", "http_server_config: {http2: 2}\n", 1,
       "http_server_config.http2: expected true or false, got \"2\""},
      {"headers not a mapping", "http_server_config:\n  headers: [X-Frame-Options]\n", 2,
       "http_server_config.headers: expected a mapping, got a sequence"},
      {"header not allowed", "http_server_config:\n  headers:\n    Server: lde\n", 3,
       "http_server_config.headers: unknown key \"Server\" (expected one of: Content-Security-Policy, "
       "X-Frame-Options, X-Content-Type-Options, X-XSS-Protection, Strict-Transport-Security)"},
      {"header name case", "http_server_config:\n  headers:\n    x-frame-options: deny\n", 3,
       "unknown key \"x-frame-options\""},
      {"X-Frame-Options value", "http_server_config:\n  headers: {X-Frame-Options: allow}\n", 2,
       "http_server_config.headers.X-Frame-Options: invalid value \"allow\" (expected deny or sameorigin)"},
      {"X-Content-Type-Options value", "http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n",
       3, "http_server_config.headers.X-Content-Type-Options: invalid value \"sniff\" (expected nosniff)"},
      {"header value with LF", "http_server_config:\n  headers:\n    X-XSS-Protection: \"0\\nX-Evil: 1\"\n",
       3, "http_server_config.headers.X-XSS-Protection: must not contain CR, LF or NUL"},
      {"header value with CR",
       "http_server_config:\n  headers:\n    Strict-Transport-Security: \"max-age=1\\r\"\n", 3,
       "http_server_config.headers.Strict-Transport-Security: must not contain CR, LF or NUL"},
      {"header value with NUL",
       "http_server_config:\n  headers:\n    Content-Security-Policy: \"default-src\\0\"\n", 3,
       "must not contain CR, LF or NUL"},
      {"block scalar header value",
       "http_server_config:\n  headers:\n    Content-Security-Policy: |\n      default-src 'none'\n", 3,
       "must not contain CR, LF or NUL"},
      {"empty header value", "http_server_config:\n  headers:\n    X-XSS-Protection: ''\n", 3,
       "http_server_config.headers.X-XSS-Protection: must not be empty"},
      {"duplicate header",
       "http_server_config:\n  headers:\n    X-XSS-Protection: '0'\n    X-XSS-Protection: '1'\n", 4,
       "http_server_config.headers: duplicate key \"X-XSS-Protection\""},
      // basic_auth_users.
      {"users not a mapping", "basic_auth_users: [alice]\n", 1,
       "basic_auth_users: expected a mapping of user name to bcrypt hash, got a sequence"},
      {"password instead of hash", "basic_auth_users:\n  alice: hunter2\n", 2,
       "basic_auth_users.alice: is not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 60 characters"},
      {"sha-512 crypt hash", "basic_auth_users:\n  alice: $6$salt$abc\n", 2,
       "basic_auth_users.alice: is not a bcrypt hash"},
      {"$2x$ hash", "basic_auth_users:\n  alice: $2x" + kHash.substr(3) + "\n", 2,
       "basic_auth_users.alice: is not a bcrypt hash"},
      {"cost 03", "basic_auth_users:\n  alice: $2b$03" + kHash.substr(6) + "\n", 2, "is not a bcrypt hash"},
      {"cost 32", "basic_auth_users:\n  alice: $2b$32" + kHash.substr(6) + "\n", 2, "is not a bcrypt hash"},
      {"truncated hash", "basic_auth_users:\n  alice: " + kHash.substr(0, 59) + "\n", 2,
       "is not a bcrypt hash"},
      {"hash with a space", "basic_auth_users:\n  alice: '" + kHash + " '\n", 2, "is not a bcrypt hash"},
      {"no hash", "basic_auth_users:\n  alice:\n", 2,
       "basic_auth_users.alice: has no value (expected a bcrypt hash)"},
      {"hash a list", "basic_auth_users:\n  alice: [" + kHash + "]\n", 2,
       "basic_auth_users.alice: expected a bcrypt hash, got a sequence"},
      {"empty user name", "basic_auth_users:\n  '': " + kHash + "\n", 2,
       "basic_auth_users: a user name must not be empty"},
      {"colon in user name", "basic_auth_users:\n  'ops:admin': " + kHash + "\n", 2,
       "basic_auth_users: user name \"ops:admin\" must not contain ':'"},
      // rate_limit.
      {"rate_limit not a mapping", "rate_limit: 10\n", 1, "rate_limit: expected a mapping, got a scalar"},
      {"interval not a duration", "rate_limit: {interval: 1.5s, burst: 1}\n", 1,
       "rate_limit.interval: invalid duration \"1.5s\""},
      {"negative interval", "rate_limit: {interval: -1s, burst: 1}\n", 1,
       "rate_limit.interval: invalid duration \"-1s\""},
      {"unitless interval", "rate_limit: {interval: 10, burst: 1}\n", 1,
       "rate_limit.interval: invalid duration"},
      {"burst not an integer", "rate_limit: {interval: 1s, burst: many}\n", 1,
       "rate_limit.burst: expected an integer, got \"many\""},
      {"negative burst", "rate_limit: {interval: 1s, burst: -1}\n", 1,
       "rate_limit.burst: -1 is out of range 0-2147483647"},
      {"interval without burst", "rate_limit:\n  interval: 1s\n", 2,
       "rate_limit: burst must be at least 1 when interval is set"},
      {"interval with burst 0", "rate_limit:\n  interval: 1s\n  burst: 0\n", 3,
       "rate_limit: burst must be at least 1 when interval is set"},
  };
  return kCases;
}

TEST(WebConfigLoaderTest, EachMistakeIsOneErrorWithLineAndText) {
  for (const auto& c : ErrorCases()) {
    SCOPED_TRACE(c.what);
    WebConfigLoadResult result = Parse(c.yaml);
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(result.config.has_value());
    ASSERT_EQ(result.errors.size(), 1u) << ::testing::PrintToString(result.errors);
    const std::string prefix = "web.yml:" + std::to_string(c.line) + ": ";
    EXPECT_TRUE(result.errors[0].starts_with(prefix)) << result.errors[0] << "\nwanted " << prefix;
    EXPECT_NE(result.errors[0].find(c.message), std::string::npos) << result.errors[0];
  }
}

TEST(WebConfigLoaderTest, EmptyTlsSectionNamesWhatItLacks) {
  for (const char* yaml : {"tls_server_config:\n", "tls_server_config: ~\n", "tls_server_config: {}\n"}) {
    SCOPED_TRACE(yaml);
    WebConfigLoadResult result = Parse(yaml);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.errors,
              (std::vector<std::string>{"web.yml:1: tls_server_config: cert_file or cert is required",
                                        "web.yml:1: tls_server_config: key_file or key is required"}));
  }
}

TEST(WebConfigLoaderTest, EmptyTextIsPlainHttpWithoutAuthentication) {
  for (const char* yaml : {"", "\n", "# nothing\n", "---\n", "~\n", "{}\n"}) {
    SCOPED_TRACE(yaml);
    WebConfigLoadResult result = Parse(yaml);
    ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
    EXPECT_EQ(*result.config, model::WebConfig{});
    EXPECT_FALSE(result.config->tls.has_value());
    EXPECT_TRUE(result.config->basic_auth_users.empty());
    EXPECT_TRUE(result.config->http2);
  }
}

TEST(WebConfigLoaderTest, OmittedTlsSettingsTakeExporterToolkitDefaults) {
  WebConfigLoadResult result = Parse(kTls);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  ASSERT_TRUE(result.config->tls.has_value());
  const model::TlsServerConfig& tls = *result.config->tls;
  EXPECT_EQ(tls.cert_file, Data("server.crt"));
  EXPECT_EQ(tls.key_file, Data("server.key"));
  EXPECT_EQ(tls.cert_pem, "");
  EXPECT_EQ(tls.client_auth, ClientAuthType::kNoClientCert);
  EXPECT_EQ(tls.min_version, TlsVersion::kTls12);
  EXPECT_EQ(tls.max_version, TlsVersion::kTls13);
  EXPECT_TRUE(tls.prefer_server_cipher_suites);
  EXPECT_TRUE(tls.cipher_suites.empty());
  EXPECT_TRUE(tls.curve_preferences.empty());
  EXPECT_TRUE(tls.client_allowed_sans.empty());
}

TEST(WebConfigLoaderTest, InlinePemIsKeptVerbatim) {
  const std::string key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
  WebConfigLoadResult result = Parse(
      "tls_server_config:\n"
      "  cert: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n"
      "  key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIE\n    -----END PRIVATE KEY-----\n"
      "  client_auth_type: VerifyClientCertIfGiven\n"
      "  client_ca: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const model::TlsServerConfig& tls = *result.config->tls;
  EXPECT_EQ(tls.cert_pem, kPem);
  EXPECT_EQ(tls.key_pem, key);
  EXPECT_EQ(tls.client_ca_pem, kPem);
  EXPECT_EQ(tls.cert_file, "");
  EXPECT_EQ(tls.client_auth, ClientAuthType::kVerifyClientCertIfGiven);
}

TEST(WebConfigLoaderTest, ClientAuthTypesThatNeedNoCaAndSansThatAreAllowed) {
  WebConfigLoadResult any =
      Parse(kTls + "  client_auth_type: RequireAnyClientCert\n  client_allowed_sans: [a]\n");
  ASSERT_TRUE(any.ok()) << ::testing::PrintToString(any.errors);
  EXPECT_EQ(any.config->tls->client_auth, ClientAuthType::kRequireAnyClientCert);
  EXPECT_EQ(any.config->tls->client_allowed_sans, std::vector<std::string>{"a"});
  WebConfigLoadResult request =
      Parse(kTls + "  client_auth_type: RequestClientCert\n  client_allowed_sans: []\n");
  ASSERT_TRUE(request.ok()) << ::testing::PrintToString(request.errors);
  EXPECT_EQ(request.config->tls->client_auth, ClientAuthType::kRequestClientCert);
  WebConfigLoadResult absolute = Parse("tls_server_config:\n  cert_file: " + Data("server.crt") +
                                       "\n  key_file: " + Data("server.key") + "\n  min_version: TLS10\n");
  ASSERT_TRUE(absolute.ok()) << ::testing::PrintToString(absolute.errors);
  EXPECT_EQ(absolute.config->tls->cert_file, Data("server.crt"));
  EXPECT_EQ(absolute.config->tls->min_version, TlsVersion::kTls10);
}

TEST(WebConfigLoaderTest, RateLimitZeroDisablesAndDurationsParse) {
  for (const char* zero : {"0", "0s", "0ms"}) {
    SCOPED_TRACE(zero);
    WebConfigLoadResult result = Parse(std::string("rate_limit: {interval: ") + zero + "}\n");
    ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
    EXPECT_EQ(result.config->rate_limit, model::RateLimit{});
  }
  WebConfigLoadResult result = Parse("rate_limit: {interval: 1m30s, burst: 3}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->rate_limit.interval, std::chrono::seconds(90));
  EXPECT_EQ(result.config->rate_limit.burst, 3);
}

TEST(WebConfigLoaderTest, HashValuesAreNeverEchoed) {
  WebConfigLoadResult result = Parse("basic_auth_users:\n  alice: correct-horse-battery-staple\n");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].find("correct-horse"), std::string::npos) << result.errors[0];
}

TEST(WebConfigLoaderTest, RelativeBaseDirIsMadeAbsolute) {
  const fs::path relative = fs::relative(kDataDir, fs::current_path());
  ASSERT_TRUE(relative.is_relative()) << relative;
  WebConfigLoadResult result = ParseWebConfigText(kTls, "web.yml", relative.string());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->tls->cert_file, Data("server.crt"));
}

// --- Files ---------------------------------------------------------------

struct ExpectedError {
  int line = 0;
  std::vector<std::string> parts;  // "a ... b": a, then later b
};

std::vector<ExpectedError> ReadExpected(const fs::path& path) {
  std::vector<ExpectedError> out;
  std::ifstream in(path);
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    const std::size_t colon = text.find(": ");
    ExpectedError expected{std::stoi(text.substr(0, colon)), {}};
    const std::string rest = text.substr(colon + 2);
    for (std::size_t pos = 0;;) {
      const std::size_t sep = rest.find(" ... ", pos);
      expected.parts.push_back(rest.substr(pos, sep - pos));
      if (sep == std::string::npos) break;
      pos = sep + 5;
    }
    out.push_back(expected);
  }
  return out;
}

bool ContainsInOrder(const std::string& message, const std::vector<std::string>& parts) {
  std::size_t pos = 0;
  for (const auto& part : parts) {
    pos = message.find(part, pos);
    if (pos == std::string::npos) return false;
    pos += part.size();
  }
  return true;
}

TEST(WebConfigFilesTest, EveryBadFileReportsExactlyItsExpectedErrors) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kDataDir)) {
    if (entry.path().filename().string().starts_with("bad-") && entry.path().extension() == ".yml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 4u) << "bad-*.yml files missing from " << kDataDir;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    fs::path expected_path = file;
    expected_path.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected_path)) << "no " << expected_path.filename();
    const auto expected = ReadExpected(expected_path);
    ASSERT_FALSE(expected.empty());
    WebConfigLoadResult result = LoadWebConfigFile(file.string());
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(result.config.has_value());
    std::string all;
    for (const auto& e : result.errors) all += "\n  " + e;
    ASSERT_EQ(result.errors.size(), expected.size()) << "errors:" << all;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const std::string prefix = file.string() + ":" + std::to_string(expected[i].line) + ": ";
      EXPECT_TRUE(result.errors[i].starts_with(prefix)) << result.errors[i] << "\nwanted " << prefix;
      EXPECT_TRUE(ContainsInOrder(result.errors[i], expected[i].parts))
          << result.errors[i] << "\nwanted " << ::testing::PrintToString(expected[i].parts);
    }
  }
}

TEST(WebConfigFilesTest, ValidFullFileSetsEveryField) {
  WebConfigLoadResult result = LoadWebConfigFile((kDataDir / "valid-full.yml").string());
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const model::WebConfig& c = *result.config;
  ASSERT_TRUE(c.tls.has_value());
  const model::TlsServerConfig& tls = *c.tls;
  EXPECT_EQ(tls.cert_file, Data("server.crt"));
  EXPECT_EQ(tls.key_file, Data("server.key"));  // "./server.key", normalised
  EXPECT_EQ(tls.client_ca_file, Data("client-ca.crt"));
  EXPECT_EQ(tls.cert_pem, "");
  EXPECT_EQ(tls.key_pem, "");
  EXPECT_EQ(tls.client_ca_pem, "");
  EXPECT_EQ(tls.client_auth, ClientAuthType::kRequireAndVerifyClientCert);
  EXPECT_EQ(tls.client_allowed_sans,
            (std::vector<std::string>{"monitor.contoso.test", "spiffe://contoso.test/prometheus"}));
  EXPECT_EQ(tls.min_version, TlsVersion::kTls13);
  EXPECT_EQ(tls.max_version, TlsVersion::kTls13);
  EXPECT_EQ(tls.cipher_suites, (std::vector<std::string>{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                                                         "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}));
  EXPECT_FALSE(tls.prefer_server_cipher_suites);
  EXPECT_EQ(tls.curve_preferences,
            (std::vector<std::string>{"X25519", "CurveP256", "CurveP384", "CurveP521"}));

  EXPECT_FALSE(c.http2);
  // In file order, values as written.
  using Headers = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(c.headers, (Headers{{"Strict-Transport-Security", "max-age=31536000; includeSubDomains"},
                                {"X-Frame-Options", "DENY"},
                                {"X-Content-Type-Options", "NoSniff"},
                                {"X-XSS-Protection", "1; mode=block"},
                                {"Content-Security-Policy", "default-src 'none'"}}));
  EXPECT_EQ(
      c.basic_auth_users,
      (std::map<std::string, std::string>{
          {"prometheus", kHash}, {"alice", "$2y$04$xfYLN5iGchvfPPmcfo5t6eeSRpu2FRoWqx2eHkbc6g1B9qh/oW3Ze"}}));
  EXPECT_EQ(c.rate_limit.interval, std::chrono::milliseconds(500));
  EXPECT_EQ(c.rate_limit.burst, 10);
}

class WebConfigFileReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("web_config_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  fs::path dir_;
};

TEST_F(WebConfigFileReadTest, MissingFileIsOneClearError) {
  const std::string path = (dir_ / "none.yml").string();
  WebConfigLoadResult result = LoadWebConfigFile(path);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.errors,
            std::vector<std::string>{path + ": cannot read web config file: No such file or directory"});
}

TEST_F(WebConfigFileReadTest, DirectoryIsOneClearError) {
  WebConfigLoadResult result = LoadWebConfigFile(dir_.string());
  EXPECT_EQ(result.errors,
            std::vector<std::string>{dir_.string() + ": cannot read web config file: is a directory"});
}

TEST_F(WebConfigFileReadTest, DeviceIsRefusedUnread) {
  WebConfigLoadResult result = LoadWebConfigFile("/dev/zero");
  EXPECT_EQ(result.errors,
            std::vector<std::string>{"/dev/zero: cannot read web config file: not a regular file"});
}

TEST_F(WebConfigFileReadTest, FifoIsRefusedWithoutWaitingForAWriter) {
  const std::string path = (dir_ / "fifo.yml").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  WebConfigLoadResult result = LoadWebConfigFile(path);
  EXPECT_EQ(result.errors,
            std::vector<std::string>{path + ": cannot read web config file: not a regular file"});
}

TEST_F(WebConfigFileReadTest, FileOverOneMebibyteIsRefused) {
  // A YAML comment of exactly the limit is accepted; one byte more is not.
  const std::string at_limit = Write("limit.yml", "#" + std::string(kMaxWebConfigBytes - 2, 'x') + "\n");
  WebConfigLoadResult ok = LoadWebConfigFile(at_limit);
  EXPECT_TRUE(ok.ok()) << ::testing::PrintToString(ok.errors);
  const std::string over = Write("big.yml", "#" + std::string(kMaxWebConfigBytes - 1, 'x') + "\n");
  WebConfigLoadResult result = LoadWebConfigFile(over);
  EXPECT_EQ(result.errors, std::vector<std::string>{over + ": web config file is larger than 1048576 bytes"});
}

TEST_F(WebConfigFileReadTest, EmptyFileAndRelativeNamesAgainstItsDirectory) {
  WebConfigLoadResult empty = LoadWebConfigFile(Write("empty.yml", ""));
  ASSERT_TRUE(empty.ok()) << ::testing::PrintToString(empty.errors);
  EXPECT_EQ(*empty.config, model::WebConfig{});

  Write("cert.pem", "x");
  Write("key.pem", "x");
  WebConfigLoadResult result =
      LoadWebConfigFile(Write("web.yml", "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"));
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->tls->cert_file, (dir_ / "cert.pem").string());
  EXPECT_EQ(result.config->tls->key_file, (dir_ / "key.pem").string());
}

TEST_F(WebConfigFileReadTest, UnreadableKeyFileIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const std::string key = Write("key.pem", "x");
  ASSERT_EQ(::chmod(key.c_str(), 0), 0);
  Write("cert.pem", "x");
  WebConfigLoadResult result =
      LoadWebConfigFile(Write("web.yml", "tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\n"));
  ASSERT_EQ(result.errors.size(), 1u) << ::testing::PrintToString(result.errors);
  EXPECT_NE(
      result.errors[0].find(":3: tls_server_config.key_file: cannot read " + key + ": Permission denied"),
      std::string::npos)
      << result.errors[0];
}

}  // namespace
}  // namespace lde::config
