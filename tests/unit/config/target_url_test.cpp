#include "config/target_url.h"

#include <gtest/gtest.h>

namespace lde::config {
namespace {

struct Valid {
  const char* url;
  TargetUrl expected;
};

TEST(ParseTargetUrlTest, ParsesTlsAndHttpsUrls) {
  const Valid cases[] = {
      {"tls://sip.contoso.test:5061", {TargetScheme::kTls, "sip.contoso.test", 5061, "/", false}},
      {"tls://sip.contoso.test:5061/", {TargetScheme::kTls, "sip.contoso.test", 5061, "/", false}},
      {"TLS://SIP.Contoso.Test:5061", {TargetScheme::kTls, "sip.contoso.test", 5061, "/", false}},
      {"https://contoso.test", {TargetScheme::kHttps, "contoso.test", 443, "/", false}},
      {"https://contoso.test:8443/a/b?c=d&e",
       {TargetScheme::kHttps, "contoso.test", 8443, "/a/b?c=d&e", false}},
      {"https://contoso.test?x=1", {TargetScheme::kHttps, "contoso.test", 443, "/?x=1", false}},
      {"https://192.0.2.1/", {TargetScheme::kHttps, "192.0.2.1", 443, "/", true}},
      {"tls://[2001:db8::1]:5061", {TargetScheme::kTls, "2001:db8::1", 5061, "/", true}},
      {"https://[2001:DB8::1]", {TargetScheme::kHttps, "2001:db8::1", 443, "/", true}},
      {"https://contoso.test.:443/", {TargetScheme::kHttps, "contoso.test", 443, "/", false}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.url);
    auto parsed = ParseTargetUrl(c.url);
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
    EXPECT_EQ(parsed.value(), c.expected);
  }
}

struct Invalid {
  const char* url;
  const char* message;
};

TEST(ParseTargetUrlTest, RejectsEachKindOfBadUrl) {
  const Invalid cases[] = {
      {"", "empty URL"},
      {"contoso.test:443", "missing scheme"},
      {"http://contoso.test/", "unsupported scheme \"http\""},
      {"ftp://contoso.test:21", "unsupported scheme \"ftp\""},
      {"://contoso.test", "unsupported scheme \"\""},
      {"tls://contoso.test", "needs a port"},
      {"tls://contoso.test:", "empty port"},
      {"tls://contoso.test:0", "port 0 is out of range"},
      {"tls://contoso.test:65536", "port 65536 is out of range"},
      {"https://contoso.test:-1/", "is not a number"},
      {"https://contoso.test:44x/", "is not a number"},
      {"https://user@contoso.test/", "userinfo"},
      {"https://user:pass@contoso.test/", "userinfo"},
      {"https:///path", "missing host"},
      {"https://:443/", "missing host"},
      {"tls://[]:443", "missing host"},
      {"https://bad_host.test/", "invalid host name"},
      {"https://-bad.test/", "invalid host name"},
      {"https://2001:db8::1/", "must be written in brackets"},
      {"https://[2001:db8::1/", "missing ']'"},
      {"https://[2001:db8::1]x/", "unexpected text after ']'"},
      {"https://[contoso.test]/", "is not an IPv6 address"},
      {"tls://contoso.test:443/path", "takes no path"},
      {"tls://contoso.test:443?q", "takes no path"},
      {"https://contoso.test/#frag", "fragment"},
      {"https://contoso.test/a b", "whitespace"},
      {"https://contoso.test/\n", "whitespace"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.url);
    auto parsed = ParseTargetUrl(c.url);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().kind, ErrorKind::kConfig);
    EXPECT_NE(parsed.error().detail.find(c.message), std::string::npos) << parsed.error().detail;
  }
}

}  // namespace
}  // namespace lde::config
