// The instance's share of a configuration: vantage names, shard and network
// syntax, the hashmod split, and what SelectForInstance keeps and counts.

#include "config/instance.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "config/config.h"
#include "config/config_loader.h"

namespace lde::config {
namespace {

TEST(InstanceTest, VantageNamesAreShortPlainTokens) {
  EXPECT_EQ(VantageProblem("inside"), "");
  EXPECT_EQ(VantageProblem("dc-1.eu_west"), "");
  EXPECT_EQ(VantageProblem(std::string(64, 'a')), "");
  EXPECT_EQ(VantageProblem(""), "must not be empty");
  EXPECT_EQ(VantageProblem(std::string(65, 'a')), "is 65 bytes long; at most 64");
  for (const char* bad : {"in side", "a\"b", "a=b", "a,b", "caf\xc3\xa9", "a\nb"}) {
    EXPECT_NE(VantageProblem(bad), "") << bad;
  }
}

TEST(InstanceTest, ShardsAreIOfN) {
  struct Case {
    const char* text;
    int index, count;
  };
  for (const Case& c : {Case{"1/1", 1, 1}, Case{"2/3", 2, 3}, Case{"1024/1024", 1024, 1024}}) {
    auto shard = ParseShard(c.text);
    ASSERT_TRUE(shard.ok()) << c.text << ": " << shard.error().detail;
    EXPECT_EQ(shard.value(), (Shard{c.index, c.count}));
    EXPECT_EQ(FormatShard(shard.value()), c.text);
  }
  for (const char* bad : {"", "1", "/", "1/", "/2", "0/2", "3/2", "1/0", "1/1025", "-1/2", "1/2/3", " 1/2",
                          "1/2 ", "a/b", "1.5/2", "99999999999/2"}) {
    EXPECT_FALSE(ParseShard(bad).ok()) << "'" << bad << "'";
  }
}

TEST(InstanceTest, NetworksAreInternalExternalOrBoth) {
  EXPECT_EQ(ParseNetworks({"internal", "external"}).value(), (Networks{true, true}));
  EXPECT_EQ(ParseNetworks({"external"}).value(), (Networks{false, true}));
  EXPECT_EQ(ParseNetworks({"internal"}).value(), (Networks{true, false}));
  EXPECT_EQ(FormatNetworks({true, true}), "internal,external");
  EXPECT_EQ(FormatNetworks({false, true}), "external");
  EXPECT_FALSE(ParseNetworks({}).ok());
  EXPECT_FALSE(ParseNetworks({""}).ok());
  EXPECT_FALSE(ParseNetworks({"External"}).ok());
  EXPECT_FALSE(ParseNetworks({"internal", "internal"}).ok());
}

// Expected values from Python's hashlib, as Prometheus computes hashmod:
// int.from_bytes(md5(name).digest()[8:], "big") % N.
TEST(InstanceTest, ShardOfIsPrometheusHashmod) {
  struct Case {
    const char* name;
    std::size_t mod2, mod3, mod7, mod1024;
  };
  for (const Case& c :
       {Case{"corp-app", 0, 2, 3, 28}, Case{"lab.test", 1, 1, 2, 93}, Case{"contoso.com", 1, 0, 0, 905},
        Case{"fabrikam.com", 0, 0, 0, 154}, Case{"", 0, 1, 1, 638}, Case{"a", 1, 1, 2, 609}}) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ShardOf(c.name, 1), 0u);
    EXPECT_EQ(ShardOf(c.name, 2), c.mod2);
    EXPECT_EQ(ShardOf(c.name, 3), c.mod3);
    EXPECT_EQ(ShardOf(c.name, 7), c.mod7);
    EXPECT_EQ(ShardOf(c.name, 1024), c.mod1024);
  }
}

Config ManyNames(int targets, int deployments) {
  Config config;
  for (int i = 0; i < targets; ++i) {
    TargetConfig target;
    target.name = "target-" + std::to_string(i);
    config.targets.push_back(target);
  }
  for (int i = 0; i < deployments; ++i) {
    DeploymentConfig deployment;
    deployment.name = deployment.domain = "d" + std::to_string(i) + ".test";
    deployment.internal.enabled = i % 3 != 2;  // 0, 1: both; 2: external only
    deployment.external.enabled = true;
    if (i % 3 == 1) deployment.external.enabled = false;  // 1: internal only
    config.deployments.push_back(deployment);
  }
  return config;
}

std::set<std::string> Names(const Config& config) {
  std::set<std::string> names;
  for (const auto& t : config.targets) names.insert(t.name);
  for (const auto& d : config.deployments) names.insert(d.name);
  return names;
}

TEST(InstanceTest, ShardsOfOneConfigHoldEveryNameExactlyOnce) {
  const Config all = ManyNames(300, 60);
  std::set<std::string> seen;
  std::size_t total = 0;
  for (int index = 1; index <= 3; ++index) {
    Config mine = all;
    Selection selection = SelectForInstance(mine, {.shard = Shard{index, 3}});
    EXPECT_EQ(selection.probed + selection.other_shard, 360u);
    EXPECT_EQ(selection.network_excluded, 0u);
    // Hashing spreads the names: no shard is empty or holds most of them.
    EXPECT_GT(selection.probed, 60u) << index;
    EXPECT_LT(selection.probed, 180u) << index;
    for (const std::string& name : Names(mine)) {
      EXPECT_TRUE(seen.insert(name).second) << name << " is in two shards";
      EXPECT_EQ(ShardOf(name, 3), static_cast<std::size_t>(index - 1)) << name;
    }
    total += selection.probed;
  }
  EXPECT_EQ(total, 360u);
  EXPECT_EQ(seen, Names(all));
}

TEST(InstanceTest, AddingNamesMovesNoExistingName) {
  Config before = ManyNames(100, 10);
  Config after = ManyNames(150, 20);  // the same names and more
  SelectForInstance(before, {.shard = Shard{2, 2}});
  SelectForInstance(after, {.shard = Shard{2, 2}});
  const std::set<std::string> kept_before = Names(before), kept_after = Names(after);
  for (const std::string& name : Names(ManyNames(100, 10))) {
    EXPECT_EQ(kept_before.count(name), kept_after.count(name)) << name;
  }
  EXPECT_GT(kept_after.size(), kept_before.size());
}

TEST(InstanceTest, AnOutsideInstanceKeepsOnlyExternalNetworks) {
  Config config = ManyNames(4, 6);
  Selection selection = SelectForInstance(config, {.networks = Networks{false, true}});
  // d1 and d4 are internal only: nothing to probe from outside.
  EXPECT_EQ(selection.network_excluded, 2u);
  EXPECT_EQ(selection.probed, 4u + 4u);
  EXPECT_EQ(config.deployments.size(), 4u);
  for (const auto& deployment : config.deployments) {
    EXPECT_FALSE(deployment.internal.enabled) << deployment.name;
    EXPECT_TRUE(deployment.external.enabled) << deployment.name;
  }
  EXPECT_EQ(config.targets.size(), 4u);  // plain targets have no network
  EXPECT_EQ(config.global.instance.networks, (Networks{false, true}));
}

TEST(InstanceTest, FlagsReplaceTheFilesValues) {
  const char* yaml =
      "global:\n"
      "  vantage: inside\n"
      "  shard: 1/2\n"
      "  networks: [internal]\n"
      "targets:\n"
      "  - {name: corp-app, url: 'tls://corp-app.test:443'}\n"
      "  - {name: a, url: 'tls://a.test:443'}\n";
  auto file_only = ParseConfigText(yaml, "c.yml", "");
  ASSERT_TRUE(file_only.ok()) << file_only.errors.front();
  EXPECT_EQ(file_only.config->global.instance.vantage, "inside");
  EXPECT_EQ(file_only.config->global.instance.shard, (Shard{1, 2}));
  EXPECT_EQ(file_only.config->global.instance.networks, (Networks{true, false}));
  // corp-app hashes to 0 (shard 1), a to 1 (shard 2).
  ASSERT_EQ(file_only.config->targets.size(), 1u);
  EXPECT_EQ(file_only.config->targets[0].name, "corp-app");
  EXPECT_EQ(file_only.selection.other_shard, 1u);

  auto flagged = ParseConfigText(
      yaml, "c.yml", "", {.vantage = "outside", .shard = Shard{2, 2}, .networks = Networks{false, true}});
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(flagged.config->global.instance.vantage, "outside");
  EXPECT_EQ(flagged.config->global.instance.networks, (Networks{false, true}));
  ASSERT_EQ(flagged.config->targets.size(), 1u);
  EXPECT_EQ(flagged.config->targets[0].name, "a");
}

TEST(InstanceTest, UnshardedInstanceKeepsEverything) {
  Config config = ManyNames(10, 3);
  Selection selection = SelectForInstance(config, {});
  EXPECT_EQ(selection.probed, 13u);
  EXPECT_EQ(selection.other_shard + selection.network_excluded, 0u);
  EXPECT_EQ(config.global.instance, InstanceConfig{});
}

}  // namespace
}  // namespace lde::config
