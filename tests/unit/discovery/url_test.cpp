#include "discovery/url.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace lde::discovery {
namespace {

struct ParseCase {
  std::string input;
  std::optional<Url> expected;  // nullopt: must be an error
};

TEST(ParseUrlTest, AcceptsHttpUrlsAndRejectsEverythingElse) {
  const std::vector<ParseCase> cases = {
      {"https://lyncdiscover.contoso.test/", Url{"https", "lyncdiscover.contoso.test", 443, "/"}},
      {"https://lyncdiscover.contoso.test", Url{"https", "lyncdiscover.contoso.test", 443, "/"}},
      {"http://lyncdiscover.contoso.test?sipuri=alice@contoso.test",
       Url{"http", "lyncdiscover.contoso.test", 80, "/?sipuri=alice@contoso.test"}},
      {"HTTPS://WebExt.Contoso.TEST/Autodiscover/AutodiscoverService.svc/Root",
       Url{"https", "webext.contoso.test", 443, "/Autodiscover/AutodiscoverService.svc/Root"}},
      {"https://webext.contoso.test:4443/a?b=c#frag", Url{"https", "webext.contoso.test", 4443, "/a?b=c"}},
      {"https://webext.contoso.test:/x", Url{"https", "webext.contoso.test", 443, "/x"}},
      {"http://203.0.113.10:8080/", Url{"http", "203.0.113.10", 8080, "/"}},
      {"https://[2001:DB8::1]/root", Url{"https", "2001:db8::1", 443, "/root"}},
      {"https://[::1]:8443", Url{"https", "::1", 8443, "/"}},
      {"https://host.contoso.test./", Url{"https", "host.contoso.test.", 443, "/"}},
      {"https://x.test/a%2Fb", Url{"https", "x.test", 443, "/a%2Fb"}},
      // errors
      {"", std::nullopt},
      {"ftp://x.test/", std::nullopt},
      {"javascript:alert(1)", std::nullopt},
      {"//x.test/path", std::nullopt},
      {"/relative/path", std::nullopt},
      {"https://", std::nullopt},
      {"https:///path", std::nullopt},
      {"https://:443/", std::nullopt},
      {"https://alice@x.test/", std::nullopt},
      {"https://good.test@evil.test/", std::nullopt},
      {"https://x.test:0/", std::nullopt},
      {"https://x.test:65536/", std::nullopt},
      {"https://x.test:99999999999/", std::nullopt},
      {"https://x.test:-1/", std::nullopt},
      {"https://x.test:44a/", std::nullopt},
      {"https://x.test:443:443/", std::nullopt},
      {"https://[::1/", std::nullopt},
      {"https://[not-v6]/", std::nullopt},
      {"https://[::1]x/", std::nullopt},
      {"https://[fe80::1%25eth0]/", std::nullopt},
      {"https://a..b/", std::nullopt},
      {"https://.x.test/", std::nullopt},
      {"https://x test/", std::nullopt},
      {"https://x.test/a b", std::nullopt},
      {"https://x.test/\x01", std::nullopt},
      {"https://x.test/caf\xc3\xa9", std::nullopt},
      {"https://x.test/%zz", std::nullopt},
      {"https://x.test/%4", std::nullopt},
      {"https://x.test/<script>", std::nullopt},
      {"https://x.test\\evil.test/", std::nullopt},
      {"1http://x.test/", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto got = ParseUrl(c.input);
    if (c.expected) {
      ASSERT_TRUE(got.ok()) << got.error().detail;
      EXPECT_EQ(got.value(), *c.expected);
    } else {
      ASSERT_FALSE(got.ok()) << got.value().ToString();
      EXPECT_EQ(got.error().kind, ErrorKind::kDiscoveryParse);
      EXPECT_FALSE(got.error().detail.empty());
    }
  }
}

TEST(ParseUrlTest, ErrorDetailNamesTheProblem) {
  EXPECT_NE(ParseUrl("https://u:p@x.test/").error().detail.find("userinfo"), std::string::npos);
  EXPECT_NE(ParseUrl("https://x.test:70000/").error().detail.find("port"), std::string::npos);
  EXPECT_NE(ParseUrl("ftp://x.test/").error().detail.find("http"), std::string::npos);
}

TEST(UrlToStringTest, OmitsDefaultPortAndBracketsIpv6) {
  EXPECT_EQ((Url{"https", "x.test", 443, "/a?b"}).ToString(), "https://x.test/a?b");
  EXPECT_EQ((Url{"http", "x.test", 80, "/"}).ToString(), "http://x.test/");
  EXPECT_EQ((Url{"https", "x.test", 80, "/"}).ToString(), "https://x.test:80/");
  EXPECT_EQ((Url{"http", "x.test", 443, "/"}).ToString(), "http://x.test:443/");
  EXPECT_EQ((Url{"https", "2001:db8::1", 8443, "/r"}).ToString(), "https://[2001:db8::1]:8443/r");
}

TEST(UrlToStringTest, RoundTripsThroughParseUrl) {
  for (const char* text : {"https://webext.contoso.test/ucwa/oauth/v1/applications",
                           "http://lyncdiscover.contoso.test/?sipuri=alice@contoso.test",
                           "https://[::1]:4443/x", "https://10.0.0.10:8443/a%20b?c=d"}) {
    SCOPED_TRACE(text);
    auto url = ParseUrl(text);
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(url.value().ToString(), text);
  }
}

struct ResolveCase {
  std::string base;
  std::string ref;
  std::optional<std::string> expected;
};

TEST(ResolveReferenceTest, FollowsRfc3986Examples) {
  // RFC 3986 §5.4.1 and §5.4.2, base "http://a/b/c/d;p?q".
  const std::string base = "http://a/b/c/d;p?q";
  const std::vector<ResolveCase> cases = {
      {base, "g:h", "g:h"},
      {base, "g", "http://a/b/c/g"},
      {base, "./g", "http://a/b/c/g"},
      {base, "g/", "http://a/b/c/g/"},
      {base, "/g", "http://a/g"},
      {base, "//g", "http://g"},
      {base, "?y", "http://a/b/c/d;p?y"},
      {base, "g?y", "http://a/b/c/g?y"},
      {base, "#s", "http://a/b/c/d;p?q#s"},
      {base, "g#s", "http://a/b/c/g#s"},
      {base, "g?y#s", "http://a/b/c/g?y#s"},
      {base, ";x", "http://a/b/c/;x"},
      {base, "g;x", "http://a/b/c/g;x"},
      {base, "g;x?y#s", "http://a/b/c/g;x?y#s"},
      {base, "", "http://a/b/c/d;p?q"},
      {base, ".", "http://a/b/c/"},
      {base, "./", "http://a/b/c/"},
      {base, "..", "http://a/b/"},
      {base, "../", "http://a/b/"},
      {base, "../g", "http://a/b/g"},
      {base, "../..", "http://a/"},
      {base, "../../", "http://a/"},
      {base, "../../g", "http://a/g"},
      {base, "../../../g", "http://a/g"},
      {base, "../../../../g", "http://a/g"},
      {base, "/./g", "http://a/g"},
      {base, "/../g", "http://a/g"},
      {base, "g.", "http://a/b/c/g."},
      {base, ".g", "http://a/b/c/.g"},
      {base, "g..", "http://a/b/c/g.."},
      {base, "..g", "http://a/b/c/..g"},
      {base, "./../g", "http://a/b/g"},
      {base, "./g/.", "http://a/b/c/g/"},
      {base, "g/./h", "http://a/b/c/g/h"},
      {base, "g/../h", "http://a/b/c/h"},
      {base, "g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {base, "g;x=1/../y", "http://a/b/c/y"},
      {base, "g?y/./x", "http://a/b/c/g?y/./x"},
      {base, "g#s/../x", "http://a/b/c/g#s/../x"},
      {base, "http:g", "http:g"},  // strict parser (§5.4.2)
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.ref);
    auto got = ResolveReference(c.base, c.ref);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_EQ(got.value(), *c.expected);
  }
}

TEST(ResolveReferenceTest, ResolvesDiscoveryHrefs) {
  const std::string root = "https://lyncdiscover.contoso.test/?sipuri=alice@contoso.test";
  const std::string svc =
      "https://webext.contoso.test/Autodiscover/AutodiscoverService.svc/root?originalDomain=contoso.test";
  const std::vector<ResolveCase> cases = {
      {root, "https://webext.contoso.test/Autodiscover/AutodiscoverService.svc/root",
       "https://webext.contoso.test/Autodiscover/AutodiscoverService.svc/root"},
      {root, "/autodiscover/autodiscoverservice.svc/root/user",
       "https://lyncdiscover.contoso.test/autodiscover/autodiscoverservice.svc/root/user"},
      {root, "//webext.contoso.test/x", "https://webext.contoso.test/x"},
      {root, "?originalDomain=contoso.test",
       "https://lyncdiscover.contoso.test/?originalDomain=contoso.test"},
      {svc, "root/user", "https://webext.contoso.test/Autodiscover/AutodiscoverService.svc/root/user"},
      {svc, "../XFrame/XFrame.html", "https://webext.contoso.test/Autodiscover/XFrame/XFrame.html"},
      {"https://x.test", "a", "https://x.test/a"},  // §5.2.3: empty base path merges as "/"
      {"http://[::1]:8080/a/b", "c", "http://[::1]:8080/a/c"},
      // errors
      {"/not/absolute", "x", std::nullopt},
      {"", "x", std::nullopt},
      {root, "a b", std::nullopt},
      {root, "%", std::nullopt},
      {"https://x.test/a b", "c", std::nullopt},
      {root, ":no-scheme", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.base + " + " + c.ref);
    auto got = ResolveReference(c.base, c.ref);
    if (c.expected) {
      ASSERT_TRUE(got.ok()) << got.error().detail;
      EXPECT_EQ(got.value(), *c.expected);
    } else {
      ASSERT_FALSE(got.ok()) << got.value();
      EXPECT_EQ(got.error().kind, ErrorKind::kDiscoveryParse);
    }
  }
}

TEST(ResolveReferenceTest, AbsoluteReferenceNeedsNoBase) {
  auto got = ResolveReference("", "https://webext.contoso.test/a/./b/../c");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got.value(), "https://webext.contoso.test/a/c");
}

TEST(HostInDomainTest, MatchesDomainAndSubdomainsOnly) {
  struct Case {
    const char* host;
    const char* domain;
    bool expected;
  };
  const Case cases[] = {
      {"contoso.test", "contoso.test", true},
      {"webext.contoso.test", "contoso.test", true},
      {"pool01.corp.contoso.test", "contoso.test", true},
      {"WebExt.CONTOSO.test", "Contoso.Test", true},
      {"webext.contoso.test.", "contoso.test", true},
      {"webext.contoso.test", "contoso.test.", true},
      {"evilcontoso.test", "contoso.test", false},
      {"contoso.test.evil.test", "contoso.test", false},
      {"webdir.online.lync.com", "contoso.test", false},
      {"test", "contoso.test", false},
      {"contoso.test", "", false},
      {"", "contoso.test", false},
      {"", "", false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.host) + " in " + c.domain);
    EXPECT_EQ(HostInDomain(c.host, c.domain), c.expected);
  }
}

}  // namespace
}  // namespace lde::discovery
