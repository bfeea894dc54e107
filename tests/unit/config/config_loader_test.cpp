#include "config/config_loader.h"

#include <gtest/gtest.h>

#include <string>

#include "model/budgets.h"

namespace lde::config {
namespace {

using std::chrono::seconds;

ConfigLoadResult Parse(const std::string& yaml) {
  return ParseConfigText(yaml, "test.yaml", LDE_CONFIG_TEST_DATA_DIR);
}

TEST(ConfigLoaderTest, EmptyTextIsAValidConfigWithNoTargets) {
  for (const char* text : {"", "\n\n", "# only a comment\n", "---\n", "~\n", "{}\n"}) {
    SCOPED_TRACE(text);
    ConfigLoadResult result = Parse(text);
    ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
    EXPECT_TRUE(result.config->targets.empty());
    EXPECT_TRUE(result.config->deployments.empty());
    EXPECT_EQ(result.config->source_path, "");
  }
}

TEST(ConfigLoaderTest, OmittedValuesTakeTheirDefaults) {
  ConfigLoadResult result = Parse(
      "targets:\n"
      "  - name: web\n"
      "    url: https://Contoso.test\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const Config& c = *result.config;
  EXPECT_EQ(c.global.interval, seconds(60));
  EXPECT_EQ(c.global.timeout, seconds(10));
  EXPECT_EQ(c.global.concurrency, 16);
  EXPECT_EQ(c.global.max_body_bytes, 262144u);
  // No trust_stores section: the OS bundle, named "public", is implied.
  ASSERT_EQ(c.trust_stores.size(), 1u);
  EXPECT_EQ(c.trust_stores[0].name, "public");
  EXPECT_TRUE(c.trust_stores[0].system);
  EXPECT_TRUE(c.resolvers.empty());
  ASSERT_EQ(c.targets.size(), 1u);
  const TargetConfig& t = c.targets[0];
  EXPECT_EQ(t.scheme, TargetScheme::kHttps);
  EXPECT_EQ(t.host, "contoso.test");
  EXPECT_EQ(t.port, 443);
  EXPECT_EQ(t.path, "/");
  EXPECT_EQ(t.resolver, "");
  EXPECT_EQ(t.trust_stores, std::vector<std::string>{"public"});
  EXPECT_EQ(t.server_name, "contoso.test");
  EXPECT_EQ(t.line, 2);
}

TEST(ConfigLoaderTest, WithoutAPublicStoreEveryStoreIsTheDefault) {
  ConfigLoadResult result = Parse(
      "trust_stores:\n"
      "  corp: {ca_files: [corp-root.pem]}\n"
      "  os: {system: true}\n"
      "profiles:\n"
      "  basic: {}\n"
      "targets:\n"
      "  - {name: web, url: 'https://contoso.test'}\n"
      "deployments:\n"
      "  - {domain: contoso.test, internal: {}}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const std::vector<std::string> all = {"corp", "os"};
  EXPECT_EQ(result.config->targets[0].trust_stores, all);
  EXPECT_EQ(result.config->profiles[0].trust_stores, all);
  EXPECT_EQ(result.config->deployments[0].trust_stores, all);
}

TEST(ConfigLoaderTest, DeploymentDefaultsAndNetworkPresence) {
  ConfigLoadResult result = Parse(
      "profiles:\n"
      "  a: {}\n"
      "  b: {validate_certificates: false}\n"
      "deployments:\n"
      "  - domain: Contoso.Test\n"
      "    internal:\n"
      "  - domain: fabrikam.test\n"
      "    external: {port: 8443, http_port: 8080}\n"
      "    profiles: []\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const auto& d = result.config->deployments;
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].domain, "contoso.test");
  EXPECT_EQ(d[0].name, "contoso.test");
  EXPECT_TRUE(d[0].internal.enabled);  // key present, even without a value
  EXPECT_EQ(d[0].internal.port, 443);
  EXPECT_EQ(d[0].internal.http_port, 80);
  EXPECT_FALSE(d[0].external.enabled);
  EXPECT_EQ(d[0].profiles, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d[0].line, 5);
  EXPECT_FALSE(d[1].internal.enabled);
  EXPECT_TRUE(d[1].external.enabled);
  EXPECT_EQ(d[1].external.port, 8443);
  EXPECT_EQ(d[1].external.http_port, 8080);
  EXPECT_TRUE(d[1].profiles.empty());  // an explicit empty list: no verdicts
}

TEST(ConfigLoaderTest, SipDomainsStartWithTheDomainAndAreNormalisedAndDeduplicated) {
  ConfigLoadResult result = Parse(
      "deployments:\n"
      "  - domain: Contoso.Test\n"
      "    external: {}\n"
      "    sip_domains: [contoso.test, Fabrikam.TEST., fabrikam.test, 'tailspin.test']\n"
      "  - domain: other.test\n"
      "    external: {}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const auto& d = result.config->deployments;
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].sip_domains, (std::vector<std::string>{"contoso.test", "fabrikam.test", "tailspin.test"}));
  EXPECT_EQ(d[0].domain, "contoso.test");                                 // still the one walked
  EXPECT_EQ(d[1].sip_domains, (std::vector<std::string>{"other.test"}));  // the key is optional
}

TEST(ConfigLoaderTest, SipDomainsAreBoundedWithTheDomainCounted) {
  const std::size_t max = model::budget::kSipDomains.value;
  auto yaml = [](std::size_t extra) {
    std::string text = "deployments:\n  - domain: c.test\n    external: {}\n    sip_domains:\n";
    for (std::size_t i = 0; i < extra; ++i) text += "      - d" + std::to_string(i) + ".test\n";
    return text;
  };
  ConfigLoadResult at_limit = Parse(yaml(max - 1));
  ASSERT_TRUE(at_limit.ok()) << ::testing::PrintToString(at_limit.errors);
  EXPECT_EQ(at_limit.config->deployments[0].sip_domains.size(), max);

  ConfigLoadResult over = Parse(yaml(max));
  ASSERT_EQ(over.errors.size(), 1u) << ::testing::PrintToString(over.errors);
  EXPECT_EQ(over.errors[0], "test.yaml:4: deployments[0].sip_domains: " + std::to_string(max + 1) +
                                " SIP domains (the domain included); at most " + std::to_string(max));
}

TEST(ConfigLoaderTest, RelativeCaFilesAreResolvedAgainstTheBaseDirectory) {
  ConfigLoadResult result = ParseConfigText("trust_stores:\n  corp: {ca_files: [../config/corp-root.pem]}\n",
                                            "inline", std::string(LDE_CONFIG_TEST_DATA_DIR) + "/");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->trust_stores[0].ca_files[0],
            std::string(LDE_CONFIG_TEST_DATA_DIR) + "/corp-root.pem");
}

TEST(ConfigLoaderTest, AcceptsYamlSpellingsOfBooleansAndQuotedNumbers) {
  ConfigLoadResult result = Parse(
      "global: {concurrency: '32'}\n"
      "trust_stores:\n  public: {system: yes}\n"
      "profiles:\n  old: {validate_certificates: off}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->global.concurrency, 32);
  EXPECT_TRUE(result.config->trust_stores[0].system);
  EXPECT_FALSE(result.config->profiles[0].validate_certificates);
}

TEST(ConfigLoaderTest, ReadsProfileDeviceRules) {
  ConfigLoadResult result = Parse(
      "profiles:\n"
      "  ios13:\n"
      "    san_required: true\n"
      "    min_rsa_bits: 2048\n"
      "    reject_sha1: yes\n"
      "    max_validity_days: '825'\n"
      "    require_server_auth_eku: true\n"
      "  edge: {min_rsa_bits: 1, max_validity_days: 36500}\n"
      "  top: {min_rsa_bits: 16384, san_required: false}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const auto& p = result.config->profiles;
  ASSERT_EQ(p.size(), 3u);
  EXPECT_TRUE(p[0].policy.san_required);
  EXPECT_EQ(p[0].policy.min_rsa_bits, 2048);
  EXPECT_TRUE(p[0].policy.reject_sha1);
  EXPECT_EQ(p[0].policy.max_validity_days, 825);
  EXPECT_TRUE(p[0].policy.require_server_auth_eku);
  EXPECT_TRUE(p[0].validate_certificates);
  EXPECT_EQ(p[1].policy.min_rsa_bits, 1);
  EXPECT_EQ(p[1].policy.max_validity_days, 36500);
  EXPECT_EQ(p[2].policy.min_rsa_bits, 16384);
  EXPECT_FALSE(p[2].policy.san_required);
  // Inline rules refine the default policy: what they do not set, it keeps.
  EXPECT_EQ(p[2].policy.min_ec_bits, 256);
  EXPECT_TRUE(p[2].policy.reject_dsa);
  EXPECT_EQ(p[2].policy.name, "profile:top");
}

TEST(ConfigLoaderTest, ProfilesAndTargetsUseTheDefaultPolicyWhenTheyNameNone) {
  ConfigLoadResult result =
      Parse("profiles:\n  plain: {}\ntargets:\n  - {name: web, url: \"https://www.example.test\"}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  config::PolicyConfig expected = config::BuiltInDefaultPolicy();
  EXPECT_EQ(result.config->profiles.at(0).policy, expected);
  EXPECT_EQ(result.config->targets.at(0).policy, expected);
  // What current clients enforce, and nothing device-specific.
  EXPECT_EQ(expected.name, "default");
  EXPECT_TRUE(expected.reject_sha1);
  EXPECT_EQ(expected.min_rsa_bits, 2048);
  EXPECT_EQ(expected.min_ec_bits, 256);
  EXPECT_TRUE(expected.reject_dsa);
  EXPECT_FALSE(expected.san_required);
  EXPECT_EQ(expected.max_validity_days, 0);
  EXPECT_FALSE(expected.require_server_auth_eku);
}

TEST(ConfigLoaderTest, NamedPoliciesAreSharedByProfilesAndTargets) {
  ConfigLoadResult result = Parse(
      "policies:\n"
      "  apple: {san_required: true, min_rsa_bits: 2048, reject_sha1: true, max_validity_days: 825,\n"
      "          require_server_auth_eku: true, min_ec_bits: 384, reject_dsa: true}\n"
      "  legacy: {min_rsa_bits: 1024}\n"
      "profiles:\n"
      "  ios13: {policy: apple}\n"
      "  old: {policy: none}\n"
      "  ios13_long: {policy: apple, max_validity_days: 3650}\n"
      "targets:\n"
      "  - {name: a, url: \"tls://a.example.test:443\", policy: legacy}\n"
      "  - {name: b, url: \"tls://b.example.test:443\", policy: none}\n"
      "  - {name: c, url: \"tls://c.example.test:443\", policy: apple}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  const config::Config& c = *result.config;
  ASSERT_EQ(c.policies.size(), 2u);
  const config::PolicyConfig& apple = c.policies[0];
  EXPECT_EQ(apple.min_ec_bits, 384);
  EXPECT_EQ(c.profiles[0].policy, apple);
  EXPECT_EQ(c.profiles[1].policy, config::PolicyConfig{.name = "none"});
  EXPECT_EQ(c.profiles[2].policy.max_validity_days, 3650);
  EXPECT_TRUE(c.profiles[2].policy.san_required);
  EXPECT_EQ(c.profiles[2].policy.name, "profile:ios13_long");
  // A declared policy enforces only what it says.
  EXPECT_EQ(c.targets[0].policy, (config::PolicyConfig{.name = "legacy", .min_rsa_bits = 1024}));
  EXPECT_EQ(c.targets[1].policy.name, "none");
  EXPECT_EQ(c.targets[2].policy, apple);
}

TEST(ConfigLoaderTest, ARedefinedDefaultPolicyAppliesToEveryoneWhoNamesNone) {
  ConfigLoadResult result = Parse(
      "policies:\n  default: {min_rsa_bits: 1024}\n"
      "profiles:\n  p: {}\n"
      "targets:\n  - {name: a, url: \"tls://a.example.test:443\"}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  config::PolicyConfig expected{.name = "default", .min_rsa_bits = 1024};
  EXPECT_EQ(result.config->profiles.at(0).policy, expected);
  EXPECT_EQ(result.config->targets.at(0).policy, expected);
}

TEST(ConfigLoaderTest, ErrorsNameTheSourceAndLeaveNoConfig) {
  ConfigLoadResult result = ParseConfigText("global: {interval: x}\n", "/etc/lde.yaml", "");
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.config, nullptr);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_TRUE(result.errors[0].starts_with("/etc/lde.yaml:1: global.interval: invalid duration"))
      << result.errors[0];
}

TEST(ConfigLoaderTest, ReportsEveryErrorNotJustTheFirst) {
  ConfigLoadResult result = Parse(
      "global:\n"
      "  interval: soon\n"
      "  concurrency: 0\n"
      "targets:\n"
      "  - name: a\n"
      "    url: http://a.test/\n"
      "  - url: tls://b.test\n");
  ASSERT_EQ(result.errors.size(), 5u) << ::testing::PrintToString(result.errors);
  EXPECT_NE(result.errors[0].find("test.yaml:2: global.interval"), std::string::npos);
  EXPECT_NE(result.errors[1].find("test.yaml:3: global.concurrency"), std::string::npos);
  EXPECT_NE(result.errors[2].find("test.yaml:6: targets[0].url"), std::string::npos);
  EXPECT_NE(result.errors[3].find("test.yaml:7: targets[1]: missing required key \"name\""),
            std::string::npos);
  EXPECT_NE(result.errors[4].find("test.yaml:7: targets[1].url"), std::string::npos);
}

TEST(ConfigLoaderTest, HostileInputIsAnErrorNotACrash) {
  const std::string deep_flow = std::string(5000, '[') + std::string(5000, ']');
  const std::string deep_block = [] {
    std::string s;
    for (int i = 0; i < 2000; ++i) s += std::string(i, ' ') + "- \n";
    return s;
  }();
  const std::string cases[] = {
      deep_flow,
      deep_block,
      std::string("\0\x01\xff\xfe binary", 12),
      "\t- tab indented\n",
      "targets: &a [*a]\n",
      "key: \"unterminated\n",
      "global: {interval: 1s, interval: 2s}\n",
      "? [complex, key]\n: value\n",
  };
  for (const auto& text : cases) {
    SCOPED_TRACE(text.substr(0, 40));
    ConfigLoadResult result;
    EXPECT_NO_THROW(result = Parse(text));
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(result.errors.empty());
  }
}

}  // namespace
}  // namespace lde::config
