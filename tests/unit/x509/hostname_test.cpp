#include "x509/hostname.h"

#include <gtest/gtest.h>

#include "support/certs/cert_specs.h"

namespace lde::x509 {
namespace {

using lde::testing::CertSpec;
using lde::testing::LeafSpec;
using lde::testing::MintSelfSigned;

model::Der Leaf(std::vector<std::string> dns, std::vector<std::string> ips = {}, std::string cn = "leaf") {
  CertSpec spec = LeafSpec(cn);
  spec.dns_names = std::move(dns);
  spec.ip_addresses = std::move(ips);
  return MintSelfSigned(spec).der;
}

struct Case {
  std::string host;
  bool rfc6125;
  bool san_only;
};

void ExpectCases(const model::Der& leaf, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.host);
    EXPECT_EQ(MatchesHostname(leaf, c.host), c.rfc6125);
    EXPECT_EQ(MatchesHostname(leaf, c.host, HostnameMode::kSanOnly), c.san_only);
  }
}

TEST(MatchesHostnameTest, ExactDnsNames) {
  ExpectCases(Leaf({"lyncdiscover.contoso.test", "sip.contoso.test"}, {}, "other.test"),
              {{"lyncdiscover.contoso.test", true, true},
               {"LyncDiscover.Contoso.TEST", true, true},  // case-insensitive
               {"sip.contoso.test.", true, true},          // absolute FQDN
               {"other.test", false, false},               // CN ignored when a DNS SAN exists
               {"contoso.test", false, false},
               {"xlyncdiscover.contoso.test", false, false},
               {"", false, false}});
}

TEST(MatchesHostnameTest, WildcardIsOneWholeLabel) {
  ExpectCases(Leaf({"*.contoso.test"}), {{"a.contoso.test", true, true},
                                         {"lyncdiscover.contoso.test", true, true},
                                         {"a.b.contoso.test", false, false},
                                         {"contoso.test", false, false},
                                         {".contoso.test", false, false}});
}

TEST(MatchesHostnameTest, PartialWildcardsNeverMatch) {
  ExpectCases(Leaf({"w*.contoso.test", "*x.fabrikam.test"}), {{"www.contoso.test", false, false},
                                                              {"w.contoso.test", false, false},
                                                              {"ax.fabrikam.test", false, false}});
}

TEST(MatchesHostnameTest, CommonNameOnlyWhenNoDnsSan) {
  model::Der cn_only = Leaf({}, {}, "legacy.contoso.test");
  ExpectCases(cn_only, {{"legacy.contoso.test", true, false}, {"other.contoso.test", false, false}});
}

TEST(MatchesHostnameTest, IpAddressSans) {
  model::Der leaf = Leaf({"a.contoso.test"}, {"192.0.2.10", "2001:db8::1"});
  ExpectCases(leaf, {{"192.0.2.10", true, true},
                     {"192.0.2.11", false, false},
                     {"2001:db8::1", true, true},
                     {"2001:DB8:0:0:0:0:0:1", true, true},  // same address, other spelling
                     {"[2001:db8::1]", true, true},
                     {"[2001:db8::2]", false, false},
                     {"::ffff:192.0.2.10", false, false}});
}

TEST(MatchesHostnameTest, IpNeverMatchesCommonNameOrDnsSan) {
  ExpectCases(Leaf({"192.0.2.10"}, {}, "192.0.2.10"), {{"192.0.2.10", false, false}});
}

TEST(MatchesHostnameTest, BadInputIsFalse) {
  model::Der leaf = Leaf({"a.contoso.test"});
  EXPECT_FALSE(MatchesHostname(model::Der{}, "a.contoso.test"));
  EXPECT_FALSE(MatchesHostname(model::Der{1, 2, 3}, "a.contoso.test"));
  EXPECT_FALSE(MatchesHostname(leaf, std::string_view("a.contoso.test\0evil", 19)));
  EXPECT_FALSE(MatchesHostname(leaf, "[]"));
  EXPECT_FALSE(MatchesHostname(leaf, "."));
}

}  // namespace
}  // namespace lde::x509
