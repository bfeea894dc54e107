#include "dns/static_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "dns/resolver_set.h"
#include "support/metrics_text/manual_clock.h"

namespace lde::dns {
namespace {

using ::testing::ElementsAre;

class StaticResolverTest : public ::testing::Test {
 protected:
  Deadline Soon() const { return Deadline::After(clock_, std::chrono::seconds(1)); }

  testsupport::ManualClock clock_;
  StaticResolver resolver_{"corp",
                           {{"lyncdiscover.contoso.test", {"127.0.0.2", "::1"}},
                            {"Web.Contoso.Test.", {"127.0.0.3"}},
                            {"empty.contoso.test", {}}}};
};

TEST_F(StaticResolverTest, ListedNamesAnswerInTheGivenOrder) {
  auto answer = resolver_.Resolve("lyncdiscover.contoso.test", Soon());
  ASSERT_TRUE(answer.ok()) << answer.error().detail;
  EXPECT_THAT(answer.value(), ElementsAre("127.0.0.2", "::1"));
}

TEST_F(StaticResolverTest, NamesCompareCaseInsensitivelyWithoutTheTrailingDot) {
  auto answer = resolver_.Resolve("WEB.contoso.test.", Soon());
  ASSERT_TRUE(answer.ok()) << answer.error().detail;
  EXPECT_THAT(answer.value(), ElementsAre("127.0.0.3"));
  EXPECT_TRUE(resolver_.Resolve("web.contoso.test", Soon()).ok());
}

TEST_F(StaticResolverTest, UnlistedOrEmptyNamesAreNxdomain) {
  auto missing = resolver_.Resolve("lyncdiscoverinternal.contoso.test", Soon());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kDnsNxdomain);
  EXPECT_EQ(missing.error().detail, "no such host");
  auto empty = resolver_.Resolve("empty.contoso.test", Soon());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kDnsNxdomain);
  EXPECT_EQ(empty.error().detail, "no A or AAAA record");
}

TEST_F(StaticResolverTest, IpLiteralsComeBackCanonicalWithoutATableEntry) {
  auto answer = resolver_.Resolve("[2001:DB8:0::1]", Soon());
  ASSERT_TRUE(answer.ok()) << answer.error().detail;
  EXPECT_THAT(answer.value(), ElementsAre("2001:db8::1"));
}

TEST_F(StaticResolverTest, AnExpiredDeadlineIsATimeout) {
  const Deadline deadline = Soon();
  clock_.Advance(std::chrono::seconds(2));
  auto answer = resolver_.Resolve("lyncdiscover.contoso.test", deadline);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().kind, ErrorKind::kTimeout);
}

TEST_F(StaticResolverTest, ServesAsAResolverSetView) {
  // How probe tests hand it to ProbeEnv: as the system view and as a named one.
  ResolverSet set(
      std::make_unique<StaticResolver>("system", StaticResolver::Table{{"a.test", {"192.0.2.1"}}}), [] {
        std::vector<std::unique_ptr<Resolver>> named;
        named.push_back(
            std::make_unique<StaticResolver>("corp", StaticResolver::Table{{"a.test", {"10.0.0.1"}}}));
        return named;
      }());
  EXPECT_EQ(set.Get("").name(), "system");
  EXPECT_THAT(set.Get("").Resolve("a.test", Soon()).value(), ElementsAre("192.0.2.1"));
  EXPECT_THAT(set.Get("corp").Resolve("a.test", Soon()).value(), ElementsAre("10.0.0.1"));
}

}  // namespace
}  // namespace lde::dns
