// The files under tests/data/config: valid-full.yaml sets every field; each
// bad-*.yaml is paired with bad-*.expected listing, in report order, one
// "<line>: <text>" per expected error ("a ... b": a, then later b).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config_loader.h"

namespace lde::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

const fs::path kDataDir = LDE_CONFIG_TEST_DATA_DIR;

struct ExpectedError {
  int line = 0;
  std::vector<std::string> parts;
};

std::vector<ExpectedError> ReadExpected(const fs::path& path) {
  std::vector<ExpectedError> out;
  std::ifstream in(path);
  std::string text;
  while (std::getline(in, text)) {
    if (text.empty() || text[0] == '#') continue;
    ExpectedError expected;
    std::size_t colon = text.find(": ");
    expected.line = std::stoi(text.substr(0, colon));
    std::string rest = text.substr(colon + 2);
    for (std::size_t pos = 0;;) {
      std::size_t sep = rest.find(" ... ", pos);
      expected.parts.push_back(rest.substr(pos, sep - pos));
      if (sep == std::string::npos) break;
      pos = sep + 5;
    }
    out.push_back(expected);
  }
  return out;
}

// True if `message` holds each part in order.
bool ContainsInOrder(const std::string& message, const std::vector<std::string>& parts) {
  std::size_t pos = 0;
  for (const auto& part : parts) {
    pos = message.find(part, pos);
    if (pos == std::string::npos) return false;
    pos += part.size();
  }
  return true;
}

TEST(ConfigFilesTest, EveryBadFileReportsExactlyItsExpectedErrors) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kDataDir)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("bad-") && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 10u) << "bad-*.yaml files missing from " << kDataDir;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    fs::path expected_path = file;
    expected_path.replace_extension(".expected");
    ASSERT_TRUE(fs::exists(expected_path)) << "no " << expected_path.filename();
    auto expected = ReadExpected(expected_path);
    ASSERT_FALSE(expected.empty());

    ConfigLoadResult result = LoadConfigFile(file.string());
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.config, nullptr);
    std::string all;
    for (const auto& e : result.errors) all += "\n  " + e;
    ASSERT_EQ(result.errors.size(), expected.size()) << "errors:" << all;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string prefix = file.string() + ":" + std::to_string(expected[i].line) + ": ";
      EXPECT_TRUE(result.errors[i].starts_with(prefix)) << result.errors[i] << "\nwanted " << prefix;
      EXPECT_TRUE(ContainsInOrder(result.errors[i], expected[i].parts))
          << result.errors[i] << "\nwanted " << expected[i].parts.front();
    }
  }
}

TEST(ConfigFilesTest, ValidFullConfigSetsEveryField) {
  const std::string path = (kDataDir / "valid-full.yaml").string();
  ConfigLoadResult result = LoadConfigFile(path);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const Config& c = *result.config;
  EXPECT_EQ(c.source_path, path);

  EXPECT_EQ(c.global.interval, seconds(120));
  EXPECT_EQ(c.global.timeout, seconds(90));
  EXPECT_EQ(c.global.concurrency, 8);
  EXPECT_EQ(c.global.max_body_bytes, 65536u);

  ASSERT_EQ(c.trust_stores.size(), 2u);
  EXPECT_EQ(c.trust_stores[0].name, "public");
  EXPECT_TRUE(c.trust_stores[0].system);
  EXPECT_TRUE(c.trust_stores[0].ca_files.empty());
  EXPECT_EQ(c.trust_stores[1].name, "enterprise");
  EXPECT_FALSE(c.trust_stores[1].system);
  EXPECT_EQ(c.trust_stores[1].ca_files,
            std::vector<std::string>{(kDataDir / "corp-root.pem").lexically_normal().string()});

  ASSERT_EQ(c.resolvers.size(), 3u);
  using Server = ResolverConfig::Server;
  EXPECT_EQ(c.resolvers[0].name, "external");
  EXPECT_EQ(c.resolvers[0].servers, (std::vector<Server>{{"192.0.2.53", 53}, {"192.0.2.54", 53}}));
  EXPECT_EQ(c.resolvers[1].name, "corp");
  EXPECT_EQ(c.resolvers[1].servers, (std::vector<Server>{{"2001:db8::53", 5353}, {"2001:db8::54", 53}}));
  EXPECT_EQ(c.resolvers[2].name, "internet");
  EXPECT_TRUE(c.resolvers[2].servers.empty());

  ASSERT_EQ(c.targets.size(), 3u);
  const TargetConfig& sip = c.targets[0];
  EXPECT_EQ(sip.name, "edge-sip");
  EXPECT_EQ(sip.scheme, TargetScheme::kTls);
  EXPECT_EQ(sip.host, "sip.contoso.test");
  EXPECT_EQ(sip.port, 5061);
  EXPECT_EQ(sip.path, "/");
  EXPECT_EQ(sip.resolver, "external");
  EXPECT_EQ(sip.trust_stores, (std::vector<std::string>{"public", "enterprise"}));
  EXPECT_EQ(sip.server_name, "sip.contoso.test");
  EXPECT_EQ(sip.line, 21);
  const TargetConfig& web = c.targets[1];
  EXPECT_EQ(web.scheme, TargetScheme::kHttps);
  EXPECT_EQ(web.host, "www.contoso.test");
  EXPECT_EQ(web.port, 443);
  EXPECT_EQ(web.path, "/lync?x=1");
  EXPECT_EQ(web.resolver, "");
  EXPECT_EQ(web.trust_stores, std::vector<std::string>{"public"});
  EXPECT_EQ(web.server_name, "www.contoso.test");
  EXPECT_EQ(web.line, 26);
  EXPECT_EQ(c.targets[2].host, "2001:db8::1");
  EXPECT_EQ(c.targets[2].port, 8443);

  ASSERT_EQ(c.profiles.size(), 3u);
  EXPECT_EQ(c.profiles[0].name, "unmanaged");
  EXPECT_EQ(c.profiles[0].trust_stores, std::vector<std::string>{"public"});
  EXPECT_TRUE(c.profiles[0].validate_certificates);
  EXPECT_EQ(c.profiles[1].trust_stores, (std::vector<std::string>{"public", "enterprise"}));
  EXPECT_EQ(c.profiles[2].name, "legacy-5.3");
  EXPECT_FALSE(c.profiles[2].validate_certificates);
  EXPECT_EQ(c.profiles[2].trust_stores, std::vector<std::string>{"public"});

  ASSERT_EQ(c.deployments.size(), 2u);
  const DeploymentConfig& contoso = c.deployments[0];
  EXPECT_EQ(contoso.domain, "contoso.test");
  EXPECT_EQ(contoso.name, "contoso");
  EXPECT_EQ(contoso.sip_uri, "monitor@contoso.test");
  EXPECT_TRUE(contoso.internal.enabled);
  EXPECT_EQ(contoso.internal.resolver, "corp");
  EXPECT_EQ(contoso.internal.port, 443);
  EXPECT_TRUE(contoso.external.enabled);
  EXPECT_EQ(contoso.external.resolver, "internet");
  EXPECT_EQ(contoso.external.port, 4443);
  EXPECT_EQ(contoso.trust_stores, (std::vector<std::string>{"public", "enterprise"}));
  EXPECT_EQ(contoso.profiles, (std::vector<std::string>{"unmanaged", "managed", "legacy-5.3"}));
  EXPECT_EQ(contoso.line, 37);
  const DeploymentConfig& fabrikam = c.deployments[1];
  EXPECT_EQ(fabrikam.domain, "fabrikam.test");
  EXPECT_EQ(fabrikam.name, "fabrikam.test");
  EXPECT_EQ(fabrikam.sip_uri, "");
  EXPECT_FALSE(fabrikam.internal.enabled);
  EXPECT_TRUE(fabrikam.external.enabled);
  EXPECT_EQ(fabrikam.external.resolver, "");
  EXPECT_EQ(fabrikam.external.port, 443);
  EXPECT_EQ(fabrikam.trust_stores, std::vector<std::string>{"public"});
  EXPECT_EQ(fabrikam.profiles, (std::vector<std::string>{"unmanaged", "managed", "legacy-5.3"}));
}

TEST(ConfigFilesTest, MissingFileIsOneClearError) {
  const std::string path = (kDataDir / "no-such-file.yaml").string();
  ConfigLoadResult result = LoadConfigFile(path);
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0], path + ": cannot read config file: No such file or directory");
}

TEST(ConfigFilesTest, DirectoryIsOneClearError) {
  ConfigLoadResult result = LoadConfigFile(kDataDir.string());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0], kDataDir.string() + ": cannot read config file: is a directory");
}

}  // namespace
}  // namespace lde::config
