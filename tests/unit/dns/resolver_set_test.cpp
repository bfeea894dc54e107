#include "dns/resolver_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/dns/dnsmasq_server.h"

namespace lde::dns {
namespace {

using ::testing::ElementsAre;

// Deadlines in these tests run on the real clock: the peers are real sockets.
const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

TEST(ResolverSetTest, EmptyNameIsTheSystemResolver) {
  ResolverSet set = ResolverSet::FromConfig(config::Config{});
  EXPECT_EQ(set.Get("").name(), "system");
  EXPECT_EQ(set.Find(""), &set.Get(""));
}

TEST(ResolverSetTest, UnknownNameFailsCleanlyInsteadOfCrashing) {
  ResolverSet set = ResolverSet::FromConfig(config::Config{});
  EXPECT_EQ(set.Find("corp"), nullptr);
  const Resolver& unknown = set.Get("corp");
  EXPECT_EQ(unknown.name(), "unknown");
  auto result = unknown.Resolve("contoso.test", Deadline::After(RealClock(), std::chrono::seconds(1)));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kConfig);
  EXPECT_THAT(result.error().detail, ::testing::HasSubstr("not configured"));
}

TEST(ResolverSetTest, ConfiguredViewsAskTheirOwnServers) {
  std::string error;
  auto server = testing::DnsmasqServer::Start({{"lab.test", {"192.0.2.7"}}}, {}, &error);
  ASSERT_NE(server, nullptr) << error;
  config::Config config;
  config.resolvers.push_back({"lab", {server->server()}});
  config.resolvers.push_back({"plain", {}});  // no servers: the system's settings
  ResolverSet set = ResolverSet::FromConfig(config);

  const Resolver* lab = set.Find("lab");
  ASSERT_NE(lab, nullptr);
  EXPECT_EQ(lab->name(), "lab");
  auto result = lab->Resolve("lab.test", Deadline::After(RealClock(), std::chrono::seconds(5)));
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), ElementsAre("192.0.2.7"));

  ASSERT_NE(set.Find("plain"), nullptr);
  EXPECT_EQ(set.Get("plain").name(), "plain");
  auto local = set.Get("plain").Resolve("localhost", Deadline::After(RealClock(), std::chrono::seconds(5)));
  ASSERT_TRUE(local.ok()) << local.error().detail;
  EXPECT_THAT(local.value(), ::testing::Contains("127.0.0.1"));
}

TEST(ResolverSetTest, SurvivesAMove) {
  config::Config config;
  config.resolvers.push_back({"corp", {{"192.0.2.53", 53}}});
  ResolverSet first = ResolverSet::FromConfig(config);
  ResolverSet moved = std::move(first);
  EXPECT_EQ(moved.Get("corp").name(), "corp");
  EXPECT_EQ(moved.Get("").name(), "system");
}

}  // namespace
}  // namespace lde::dns
