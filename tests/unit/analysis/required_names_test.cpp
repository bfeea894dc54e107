// The names a Lync role's certificate must carry (RequiredNames) and which of
// them a leaf lacks (MissingNames): per role, for several SIP domains, with
// case, trailing dots, wildcards and a certificate that names its host only
// in the CN.

#include "analysis/required_names.h"

#include <gtest/gtest.h>

#include "support/certs/cert_specs.h"

namespace lde::analysis {
namespace {

using lde::testing::CertSpec;
using lde::testing::LeafSpec;
using lde::testing::MintSelfSigned;
using model::Role;
using Names = std::vector<std::string>;

model::Der Leaf(Names dns_names, const std::string& cn = "leaf.test") {
  CertSpec spec = LeafSpec(cn);
  spec.dns_names = std::move(dns_names);
  return MintSelfSigned(spec).der;
}

TEST(RequiredNamesTest, FrontEndNeedsBothDiscoveryNamesForEverySipDomain) {
  EXPECT_EQ(RequiredNames(Names{"contoso.com", "fabrikam.com"}, Role::kDiscoveryInternal, Names{}),
            (Names{"lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com",
                   "lyncdiscoverinternal.fabrikam.com", "lyncdiscover.fabrikam.com"}));
  // Web services names are not the Front End's discovery duty.
  EXPECT_EQ(RequiredNames(Names{"contoso.com"}, Role::kDiscoveryInternal, Names{"webext.contoso.com"}),
            (Names{"lyncdiscoverinternal.contoso.com", "lyncdiscover.contoso.com"}));
}

TEST(RequiredNamesTest, ReverseProxyNeedsLyncdiscoverPerDomainAndTheWebServicesItServes) {
  EXPECT_EQ(RequiredNames(Names{"contoso.com", "fabrikam.com"}, Role::kDiscoveryExternal,
                          Names{"webext.contoso.com"}),
            (Names{"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com"}));
  EXPECT_EQ(RequiredNames(Names{"contoso.com"}, Role::kDiscoveryExternal, Names{}),
            (Names{"lyncdiscover.contoso.com"}));
}

TEST(RequiredNamesTest, WebServicesElsewhereNeedOnlyTheirOwnName) {
  EXPECT_EQ(
      RequiredNames(Names{"contoso.com", "fabrikam.com"}, Role::kWebExternal, Names{"webext.contoso.com"}),
      (Names{"webext.contoso.com"}));
}

TEST(RequiredNamesTest, OtherRolesNeedNothing) {
  EXPECT_TRUE(RequiredNames(Names{"contoso.com"}, Role::kOAuth, Names{"login.contoso.com"}).empty());
  EXPECT_TRUE(RequiredNames(Names{"contoso.com"}, Role::kNone, Names{"x.contoso.com"}).empty());
}

TEST(RequiredNamesTest, NamesAreLowerCaseWithoutTrailingDotAndListedOnce) {
  EXPECT_EQ(RequiredNames(Names{"Contoso.COM.", "contoso.com", "", "Fabrikam.com"}, Role::kDiscoveryExternal,
                          Names{"WebExt.Contoso.com.", "webext.contoso.com"}),
            (Names{"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com"}));
}

TEST(MissingNamesTest, ReportsTheSipDomainsTheCertificateDoesNotCover) {
  const model::Der leaf = Leaf({"webext.contoso.com", "lyncdiscover.contoso.com"});
  const Names required = RequiredNames(Names{"contoso.com", "fabrikam.com"}, Role::kDiscoveryExternal,
                                       Names{"webext.contoso.com"});
  EXPECT_EQ(MissingNames(leaf, required), (Names{"lyncdiscover.fabrikam.com"}));
}

TEST(MissingNamesTest, NothingMissingWhenEveryNameIsCovered) {
  const model::Der leaf =
      Leaf({"webext.contoso.com", "lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com"});
  EXPECT_TRUE(
      MissingNames(leaf, Names{"lyncdiscover.contoso.com", "lyncdiscover.fabrikam.com", "webext.contoso.com"})
          .empty());
}

TEST(MissingNamesTest, CaseAndTrailingDotsDoNotMatter) {
  const model::Der leaf = Leaf({"LyncDiscover.Contoso.COM"});
  EXPECT_TRUE(MissingNames(leaf, Names{"lyncdiscover.contoso.com", "LYNCDISCOVER.contoso.com."}).empty());
}

TEST(MissingNamesTest, AWildcardCoversOneWholeLeftMostLabelOnly) {
  // "*.fabrikam.com" stands for lyncdiscover(internal).fabrikam.com, as Lync
  // allows; not for a name two labels down, nor for the domain itself.
  const model::Der leaf = Leaf({"*.fabrikam.com", "lync*.contoso.com"});
  EXPECT_EQ(
      MissingNames(leaf, Names{"lyncdiscover.fabrikam.com", "lyncdiscoverinternal.fabrikam.com",
                               "a.lyncdiscover.fabrikam.com", "fabrikam.com", "lyncdiscover.contoso.com"}),
      // a partial wildcard ("lync*") counts for nothing
      (Names{"a.lyncdiscover.fabrikam.com", "fabrikam.com", "lyncdiscover.contoso.com"}));
}

TEST(MissingNamesTest, TheCommonNameNeverCounts) {
  // A certificate that names its host only in the subject CN: a browser
  // falling back to the CN would accept it, these requirements do not.
  const model::Der cn_only = Leaf({}, "lyncdiscover.contoso.com");
  EXPECT_EQ(MissingNames(cn_only, Names{"lyncdiscover.contoso.com"}), (Names{"lyncdiscover.contoso.com"}));
  // Nor beside SANs.
  const model::Der with_sans = Leaf({"webext.contoso.com"}, "lyncdiscover.contoso.com");
  EXPECT_EQ(MissingNames(with_sans, Names{"webext.contoso.com", "lyncdiscover.contoso.com"}),
            (Names{"lyncdiscover.contoso.com"}));
}

TEST(MissingNamesTest, UndecodableCertificateLacksEveryName) {
  const model::Der junk = {0x30, 0x03, 0x02, 0x01, 0x01};
  EXPECT_EQ(MissingNames(junk, Names{"lyncdiscover.contoso.com", "webext.contoso.com"}),
            (Names{"lyncdiscover.contoso.com", "webext.contoso.com"}));
  EXPECT_TRUE(MissingNames(junk, Names{}).empty());
}

}  // namespace
}  // namespace lde::analysis
