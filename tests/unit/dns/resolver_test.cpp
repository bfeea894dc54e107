#include "dns/resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/dns/dnsmasq_server.h"

namespace lde::dns {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Deadlines in these tests run on the real clock: the peers are real sockets.
const Clock& RealClock() {
  static const SystemClock clock;
  return clock;
}

class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    server_ = testing::DnsmasqServer::Start(
        {
            {"a-only.test", {"192.0.2.1", "192.0.2.2"}},
            {"aaaa-only.test", {"2001:db8::1"}},
            {"dual.test", {"2001:db8::10", "192.0.2.10"}},
        },
        {"txt-only.test"}, &error);
    ASSERT_NE(server_, nullptr) << error;
    resolver_ = MakeServerResolver("lab", {server_->server()});
  }

  Deadline Soon() const { return Deadline::After(RealClock(), std::chrono::seconds(5)); }

  std::unique_ptr<testing::DnsmasqServer> server_;
  std::unique_ptr<Resolver> resolver_;
};

TEST_F(ResolverTest, ReturnsEveryARecord) {
  auto result = resolver_->Resolve("a-only.test", Soon());
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), UnorderedElementsAre("192.0.2.1", "192.0.2.2"));
}

TEST_F(ResolverTest, ReturnsAaaaRecordsWhenThereIsNoA) {
  auto result = resolver_->Resolve("aaaa-only.test", Soon());
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), ElementsAre("2001:db8::1"));
}

TEST_F(ResolverTest, PutsIpv4BeforeIpv6) {
  auto result = resolver_->Resolve("dual.test", Soon());
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), ElementsAre("192.0.2.10", "2001:db8::10"));
}

TEST_F(ResolverTest, NamesAreCaseInsensitive) {
  auto result = resolver_->Resolve("DUAL.Test", Soon());
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), ElementsAre("192.0.2.10", "2001:db8::10"));
}

TEST_F(ResolverTest, UnknownNameIsNxdomain) {
  auto result = resolver_->Resolve("missing.test", Soon());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kDnsNxdomain);
  EXPECT_THAT(result.error().detail, HasSubstr("missing.test: no such host"));
}

TEST_F(ResolverTest, NameWithoutAddressesIsNxdomainNoData) {
  auto result = resolver_->Resolve("txt-only.test", Soon());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kDnsNxdomain);
  EXPECT_THAT(result.error().detail, HasSubstr("no A or AAAA record"));
}

TEST_F(ResolverTest, RefusedQueryIsDnsError) {
  // dnsmasq has no upstream for names outside .test and refuses them.
  auto result = resolver_->Resolve("contoso.example", Soon());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kDnsError);
  EXPECT_THAT(result.error().detail, HasSubstr("contoso.example: "));
}

TEST_F(ResolverTest, ManyThreadsResolveAtOnce) {
  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> answers(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([this, i, &answers] {
      auto result = resolver_->Resolve("dual.test", Soon());
      if (result.ok()) answers[i] = result.value();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& answer : answers) EXPECT_THAT(answer, ElementsAre("192.0.2.10", "2001:db8::10"));
}

TEST_F(ResolverTest, FallsBackToTheNextServerWhenTheFirstIsSilent) {
  testing::SilentUdpServer silent;
  auto resolver = MakeServerResolver("two", {silent.server(), server_->server()});
  auto result = resolver->Resolve("dual.test", Soon());
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), ElementsAre("192.0.2.10", "2001:db8::10"));
}

TEST(ResolverTimeoutTest, SilentServerTimesOutAtTheDeadline) {
  testing::SilentUdpServer silent;
  auto resolver = MakeServerResolver("silent", {silent.server()});
  const auto budget = milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  auto result = resolver->Resolve("dual.test", Deadline::After(RealClock(), budget));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kTimeout);
  EXPECT_GE(elapsed, budget - milliseconds(10));
  EXPECT_LT(elapsed, budget + milliseconds(700));  // margin for sanitizer builds
}

TEST(ResolverTimeoutTest, ExpiredDeadlineFailsWithoutAQuery) {
  testing::SilentUdpServer silent;
  auto resolver = MakeServerResolver("silent", {silent.server()});
  auto result = resolver->Resolve("dual.test", Deadline::After(RealClock(), Duration::zero()));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kTimeout);
}

TEST(ResolverLiteralTest, IpLiteralsAreReturnedWithoutAQuery) {
  testing::SilentUdpServer silent;  // any query would time out
  auto resolver = MakeServerResolver("silent", {silent.server()});
  const struct {
    const char* host;
    const char* address;
  } cases[] = {
      {"192.0.2.1", "192.0.2.1"},
      {"2001:db8::1", "2001:db8::1"},
      {"[2001:DB8::1]", "2001:db8::1"},
      {"::1", "::1"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.host);
    auto result = resolver->Resolve(c.host, Deadline::After(RealClock(), milliseconds(50)));
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_THAT(result.value(), ElementsAre(c.address));
  }
}

TEST(ResolverLiteralTest, EmptyHostIsAnError) {
  auto result = MakeSystemResolver()->Resolve("", Deadline::After(RealClock(), milliseconds(50)));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kDnsError);
}

TEST(SystemResolverTest, ResolvesLocalhostFromTheHostsFile) {
  auto resolver = MakeSystemResolver();
  EXPECT_EQ(resolver->name(), "system");
  auto result = resolver->Resolve("localhost", Deadline::After(RealClock(), std::chrono::seconds(5)));
  ASSERT_TRUE(result.ok()) << result.error().detail;
  EXPECT_THAT(result.value(), ::testing::Contains("127.0.0.1"));
  EXPECT_EQ(result.value().front(), "127.0.0.1");  // IPv4 first
}

TEST(ServerResolverTest, LocalhostIsLoopbackWithoutAQuery) {
  testing::SilentUdpServer silent;  // a query would time out
  auto resolver = MakeServerResolver("silent", {silent.server()});
  for (const char* host : {"localhost", "LocalHost."}) {
    SCOPED_TRACE(host);
    auto result = resolver->Resolve(host, Deadline::After(RealClock(), milliseconds(50)));
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_THAT(result.value(), ElementsAre("127.0.0.1", "::1"));
  }
}

TEST(ServerResolverTest, KeepsItsName) {
  EXPECT_EQ(MakeServerResolver("corp", {{"192.0.2.53", 53}})->name(), "corp");
}

}  // namespace
}  // namespace lde::dns
