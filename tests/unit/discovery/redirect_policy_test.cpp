#include "discovery/redirect_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lde::discovery {
namespace {

Url U(const std::string& text) {
  auto url = ParseUrl(text);
  EXPECT_TRUE(url.ok()) << text;
  return url.ok() ? url.value() : Url{};
}

TEST(RedirectAllowedTest, AppliesTheUcwaRootUrlSecurityCheck) {
  struct Case {
    const char* from;
    const char* to;
    bool expected;
  };
  const Case cases[] = {
      // Over HTTPS any target is accepted (hybrid: online redirect).
      {"https://lyncdiscover.contoso.test/", "https://webdir.online.lync.com/Autodiscover/x", true},
      {"https://lyncdiscover.contoso.test/", "https://webext.contoso.test/x", true},
      // Over HTTP only targets inside the sign-in domain.
      {"http://lyncdiscover.contoso.test/", "https://lyncdiscover.contoso.test/", true},
      {"http://lyncdiscover.contoso.test/", "https://webext.contoso.test/root", true},
      {"http://lyncdiscover.contoso.test/", "https://CONTOSO.TEST/root", true},
      {"http://lyncdiscover.contoso.test/", "https://webdir.online.lync.com/root", false},
      {"http://lyncdiscover.contoso.test/", "https://evilcontoso.test/root", false},
      {"http://lyncdiscover.contoso.test/", "https://contoso.test.evil.test/root", false},
      {"http://lyncdiscover.contoso.test/", "http://203.0.113.10/root", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.from) + " -> " + c.to);
    EXPECT_EQ(RedirectAllowed(U(c.from), U(c.to), "contoso.test"), c.expected);
  }
}

TEST(RedirectTrackerTest, AcceptsDistinctUrlsAndCountsHops) {
  RedirectTracker tracker;
  EXPECT_EQ(tracker.hops(), 0);
  ASSERT_TRUE(tracker.Visit("http://lyncdiscover.contoso.test/?sipuri=alice@contoso.test").ok());
  EXPECT_EQ(tracker.hops(), 0);
  ASSERT_TRUE(tracker.Visit("https://lyncdiscover.contoso.test/?sipuri=alice@contoso.test").ok());
  ASSERT_TRUE(tracker.Visit("https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root").ok());
  EXPECT_EQ(tracker.hops(), 2);
  EXPECT_EQ(tracker.visited().size(), 3u);
}

TEST(RedirectTrackerTest, DetectsLoopsIgnoringSchemeHostCaseAndDefaultPort) {
  const std::vector<std::pair<std::string, std::string>> loops = {
      {"https://a.contoso.test/root", "https://a.contoso.test/root"},
      {"https://a.contoso.test/root", "HTTPS://A.Contoso.Test/root"},
      {"https://a.contoso.test/root", "https://a.contoso.test:443/root"},
      {"https://a.contoso.test/root#x", "https://a.contoso.test/root"},
  };
  for (const auto& [first, again] : loops) {
    SCOPED_TRACE(first + " then " + again);
    RedirectTracker tracker;
    ASSERT_TRUE(tracker.Visit(first).ok());
    ASSERT_TRUE(tracker.Visit("https://b.contoso.test/root").ok());
    auto result = tracker.Visit(again);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kRedirectLoop);
    EXPECT_NE(result.error().detail.find("a.contoso.test"), std::string::npos);
  }
}

TEST(RedirectTrackerTest, PathAndPortDifferencesAreNotLoops) {
  RedirectTracker tracker;
  ASSERT_TRUE(tracker.Visit("https://a.contoso.test/root").ok());
  EXPECT_TRUE(tracker.Visit("https://a.contoso.test/Root").ok());
  EXPECT_TRUE(tracker.Visit("https://a.contoso.test:4443/root").ok());
  EXPECT_TRUE(tracker.Visit("http://a.contoso.test/root").ok());
  EXPECT_TRUE(tracker.Visit("https://a.contoso.test/root?x=1").ok());
}

TEST(RedirectTrackerTest, StopsAfterMaxHops) {
  for (int max_hops : {0, 1, 3, 10}) {
    SCOPED_TRACE(max_hops);
    RedirectTracker tracker(max_hops);
    ASSERT_TRUE(tracker.Visit("https://start.contoso.test/").ok());
    for (int hop = 1; hop <= max_hops; ++hop) {
      ASSERT_TRUE(tracker.Visit("https://hop" + std::to_string(hop) + ".contoso.test/").ok());
    }
    EXPECT_EQ(tracker.hops(), max_hops);
    auto over = tracker.Visit("https://one-too-many.contoso.test/");
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().kind, ErrorKind::kRedirectLoop);
    EXPECT_NE(over.error().detail.find("more than " + std::to_string(max_hops)), std::string::npos);
  }
}

TEST(RedirectTrackerTest, DefaultBoundIsTenRedirects) {
  RedirectTracker tracker;
  for (int i = 0; i <= 10; ++i) ASSERT_TRUE(tracker.Visit("https://h" + std::to_string(i) + ".test/").ok());
  EXPECT_FALSE(tracker.Visit("https://h11.test/").ok());
}

TEST(RedirectTrackerTest, RejectsInvalidUrlWithoutRecordingIt) {
  RedirectTracker tracker;
  auto bad = tracker.Visit("ftp://x.test/");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kDiscoveryParse);
  EXPECT_TRUE(tracker.visited().empty());
}

}  // namespace
}  // namespace lde::discovery
