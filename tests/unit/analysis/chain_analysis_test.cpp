#include "analysis/chain_analysis.h"

#include <gtest/gtest.h>

#include "support/certs/cert_specs.h"

namespace lde::analysis {
namespace {

using lde::testing::CaSpec;
using lde::testing::CertSpec;
using lde::testing::kDay;
using lde::testing::LeafSpec;
using lde::testing::MakePki;
using lde::testing::MintedCert;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::TestPki;
using model::TrustReason;

const SysTime kNow = lde::testing::kTestNow;
constexpr char kHost[] = "lyncdiscover.contoso.test";

std::shared_ptr<const x509::TrustStore> Store(const std::string& name, const MintedCert& root) {
  auto store = x509::TrustStore::FromPem(name, root.pem);
  EXPECT_TRUE(store.ok()) << store.error().detail;
  return store.ok() ? store.value() : nullptr;
}

// Two stores, as the daemon is usually configured: "public" roots and the
// company's "enterprise" root, which issued the chain under test.
class AnalyzeChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corp_ = MakePki("Contoso", kHost, kNow);
    public_ = MakePki("Public", "www.public.test", kNow);
    stores_ = {Store("public", public_.root), Store("enterprise", corp_.root)};
  }

  ChainInput Input(std::vector<model::Der> presented) const {
    ChainInput in;
    in.presented = std::move(presented);
    in.stores = stores_;
    in.expected_host = kHost;
    in.now = kNow;
    return in;
  }

  model::ChainReport Analyze(const ChainInput& in) const {
    auto report = AnalyzeChain(in);
    EXPECT_TRUE(report.ok()) << report.error().detail;
    return report.ok() ? report.value() : model::ChainReport{};
  }

  // A leaf for kHost under corp_.intermediate with the given spec tweaks.
  MintedCert CorpLeaf(CertSpec spec) const { return MintSigned(spec, corp_.intermediate); }

  TestPki corp_, public_;
  std::vector<std::shared_ptr<const x509::TrustStore>> stores_;
};

TEST_F(AnalyzeChainTest, TrustedByEnterpriseNotByPublic) {
  model::ChainReport r = Analyze(Input({corp_.leaf.der, corp_.intermediate.der}));
  ASSERT_EQ(r.trust.size(), 2u);
  EXPECT_EQ(r.trust[0].store, "public");
  EXPECT_EQ(r.trust[0].reason, TrustReason::kUnknownIssuer);
  EXPECT_NE(r.trust[0].verify_error, 0);
  EXPECT_EQ(r.trust[0].detail, "unable to get local issuer certificate at depth 1");
  EXPECT_EQ(r.trust[1].store, "enterprise");
  EXPECT_TRUE(r.trust[1].trusted());
  EXPECT_EQ(r.trust[1].verify_error, 0);
  EXPECT_TRUE(r.hostname_match);
  EXPECT_TRUE(r.complete);
  EXPECT_TRUE(r.ordered);
  ASSERT_EQ(r.certs.size(), 2u);
  EXPECT_EQ(r.certs[0]->common_name(), kHost);
  EXPECT_EQ(r.certs[1]->common_name(), "Contoso Intermediate CA");
  EXPECT_EQ(r.earliest_not_after, r.certs[0]->not_after());
}

// Two servers presenting the same issuing CA (or one server probed twice):
// the results hold that certificate's facts once.
TEST_F(AnalyzeChainTest, ResultsShareTheFactsOfTheSameCertificate) {
  model::ChainReport first = Analyze(Input({corp_.leaf.der, corp_.intermediate.der}));
  model::ChainReport again = Analyze(Input({corp_.leaf.der, corp_.intermediate.der}));
  ASSERT_EQ(first.certs.size(), 2u);
  ASSERT_EQ(again.certs.size(), 2u);
  EXPECT_TRUE(first.certs[0].SharesWith(again.certs[0]));
  EXPECT_TRUE(first.certs[1].SharesWith(again.certs[1]));
  EXPECT_FALSE(first.certs[0].SharesWith(first.certs[1]));
}

TEST_F(AnalyzeChainTest, ExpiredLeaf) {
  CertSpec spec = LeafSpec(kHost);
  spec.not_before = kNow - 100 * kDay;
  spec.not_after = kNow - kDay;
  MintedCert leaf = CorpLeaf(spec);
  model::ChainReport r = Analyze(Input({leaf.der, corp_.intermediate.der}));
  EXPECT_EQ(r.trust[1].reason, TrustReason::kExpired);
  EXPECT_EQ(r.trust[1].detail, "certificate has expired at depth 0");
  EXPECT_EQ(r.earliest_not_after, kNow - kDay);
}

TEST_F(AnalyzeChainTest, ExpiredIntermediate) {
  CertSpec int_spec = CaSpec("Contoso Old Intermediate");
  int_spec.not_after = kNow - 2 * kDay;
  MintedCert old_int = MintSigned(int_spec, corp_.root);
  MintedCert leaf = MintSigned(LeafSpec(kHost), old_int);
  model::ChainReport r = Analyze(Input({leaf.der, old_int.der}));
  EXPECT_EQ(r.trust[1].reason, TrustReason::kExpired);
  EXPECT_EQ(r.trust[1].detail, "certificate has expired at depth 1");
  EXPECT_EQ(r.earliest_not_after, kNow - 2 * kDay);  // the intermediate's, not the leaf's
}

TEST_F(AnalyzeChainTest, NotYetValidLeaf) {
  CertSpec spec = LeafSpec(kHost);
  spec.not_before = kNow + kDay;
  model::ChainReport r = Analyze(Input({CorpLeaf(spec).der, corp_.intermediate.der}));
  EXPECT_EQ(r.trust[1].reason, TrustReason::kNotYetValid);
}

TEST_F(AnalyzeChainTest, SelfSignedLeaf) {
  model::ChainReport r = Analyze(Input({MintSelfSigned(LeafSpec(kHost)).der}));
  EXPECT_EQ(r.trust[0].reason, TrustReason::kSelfSigned);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kSelfSigned);
  EXPECT_TRUE(r.complete);  // nothing is missing: it is its own issuer
  EXPECT_TRUE(r.ordered);
  EXPECT_TRUE(r.hostname_match);
}

TEST_F(AnalyzeChainTest, UntrustedRootPresentedIsSelfSignedInChain) {
  model::ChainReport r = Analyze(Input({public_.leaf.der, public_.intermediate.der, public_.root.der}));
  EXPECT_EQ(r.trust[0].reason, TrustReason::kOk);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kSelfSigned);
  EXPECT_EQ(r.trust[1].detail, "self-signed certificate in certificate chain at depth 2");
  EXPECT_TRUE(r.complete);
  EXPECT_FALSE(r.hostname_match);  // www.public.test, not kHost
}

TEST_F(AnalyzeChainTest, UnknownIssuer) {
  TestPki rogue = MakePki("Rogue", kHost, kNow);
  model::ChainReport r = Analyze(Input({rogue.leaf.der, rogue.intermediate.der}));
  EXPECT_EQ(r.trust[0].reason, TrustReason::kUnknownIssuer);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kUnknownIssuer);
  EXPECT_FALSE(r.complete);  // no store knows the intermediate's issuer
  EXPECT_TRUE(r.ordered);
}

TEST_F(AnalyzeChainTest, MissingIntermediate) {
  ChainInput in = Input({corp_.leaf.der});
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kUnknownIssuer);
  EXPECT_EQ(r.trust[1].detail, "unable to get local issuer certificate at depth 0");
  EXPECT_FALSE(r.complete);
  EXPECT_TRUE(r.ordered);

  // The intermediate from the leaf's AIA caIssuers URL completes it.
  in.fetched_issuers = {corp_.intermediate.der};
  r = Analyze(in);
  EXPECT_EQ(r.trust[0].reason, TrustReason::kUnknownIssuer);  // public still does not trust it
  EXPECT_EQ(r.trust[1].reason, TrustReason::kIncompleteChain);
  EXPECT_FALSE(r.trust[1].trusted());
  EXPECT_FALSE(r.complete);
  ASSERT_EQ(r.certs.size(), 1u);  // fetched issuers are not part of the presented chain

  // Fetched bytes that do not help (or do not decode) change nothing.
  in.fetched_issuers = {public_.intermediate.der, model::Der{1, 2, 3}};
  EXPECT_EQ(Analyze(in).trust[1].reason, TrustReason::kUnknownIssuer);
}

TEST_F(AnalyzeChainTest, TruncatedChainIsChainTruncatedNotUnknownIssuer) {
  // The probe kept the first part of a longer chain: the anchor may be in
  // the part dropped, so an issuer failure is blamed on the cut.
  ChainInput in = Input({corp_.leaf.der});
  in.presented_truncated = true;
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.trust[0].reason, TrustReason::kChainTruncated);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kChainTruncated);
  EXPECT_EQ(
      r.trust[1].detail,
      "unable to get local issuer certificate at depth 0; the server sent more than the 1 certificates kept");
  EXPECT_EQ(model::TrustReasonName(r.trust[1].reason), "chain_truncated");

  // Even where a fetched issuer would have completed it.
  in.fetched_issuers = {corp_.intermediate.der};
  EXPECT_EQ(Analyze(in).trust[1].reason, TrustReason::kChainTruncated);

  // What was kept still verifies: trusted, truncated or not.
  in = Input({corp_.leaf.der, corp_.intermediate.der});
  in.presented_truncated = true;
  r = Analyze(in);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kOk);
  EXPECT_EQ(r.trust[0].reason, TrustReason::kChainTruncated);  // public may have the dropped anchor
}

TEST_F(AnalyzeChainTest, TruncationDoesNotHideAFaultInWhatWasKept) {
  CertSpec spec = LeafSpec(kHost);
  spec.not_before = kNow - 100 * kDay;
  spec.not_after = kNow - kDay;
  ChainInput in = Input({CorpLeaf(spec).der, corp_.intermediate.der});
  in.presented_truncated = true;
  EXPECT_EQ(Analyze(in).trust[1].reason, TrustReason::kExpired);
}

TEST_F(AnalyzeChainTest, WrongName) {
  ChainInput in = Input({corp_.leaf.der, corp_.intermediate.der});
  in.expected_host = "sip.contoso.test";
  model::ChainReport r = Analyze(in);
  EXPECT_FALSE(r.hostname_match);
  EXPECT_TRUE(r.trust[1].trusted());  // name and trust are judged apart
}

TEST_F(AnalyzeChainTest, WildcardLeaf) {
  CertSpec spec = LeafSpec("*.contoso.test");
  MintedCert leaf = CorpLeaf(spec);
  const std::pair<std::string, bool> cases[] = {
      {"lyncdiscover.contoso.test", true},
      {"a.b.contoso.test", false},
      {"contoso.test", false},
  };
  for (const auto& [host, match] : cases) {
    SCOPED_TRACE(host);
    ChainInput in = Input({leaf.der, corp_.intermediate.der});
    in.expected_host = host;
    EXPECT_EQ(Analyze(in).hostname_match, match);
  }
}

TEST_F(AnalyzeChainTest, CnOnlyLeafDependsOnHostnameMode) {
  CertSpec spec = LeafSpec(kHost);
  spec.dns_names.clear();
  ChainInput in = Input({CorpLeaf(spec).der, corp_.intermediate.der});
  EXPECT_TRUE(Analyze(in).hostname_match);
  in.hostname_mode = x509::HostnameMode::kSanOnly;  // iOS 13+
  EXPECT_FALSE(Analyze(in).hostname_match);
}

TEST_F(AnalyzeChainTest, IpAddressTarget) {
  TestPki ip_pki = MakePki("Ip", "2001:db8::5", kNow);
  ChainInput in = Input({ip_pki.leaf.der, ip_pki.intermediate.der});
  in.expected_host = "2001:db8::5";
  EXPECT_TRUE(Analyze(in).hostname_match);
  in.expected_host = "2001:db8::6";
  EXPECT_FALSE(Analyze(in).hostname_match);
}

TEST_F(AnalyzeChainTest, OutOfOrderChain) {
  model::ChainReport r = Analyze(Input({corp_.leaf.der, corp_.root.der, corp_.intermediate.der}));
  EXPECT_FALSE(r.ordered);
  EXPECT_TRUE(r.trust[1].trusted());  // OpenSSL still builds the path
  EXPECT_TRUE(r.complete);            // last cert's issuer is an enterprise anchor
  ASSERT_EQ(r.certs.size(), 3u);
  EXPECT_EQ(r.certs[1]->common_name(), "Contoso Root CA");  // positions as presented
}

TEST_F(AnalyzeChainTest, UnrelatedExtraCertificateBreaksOrder) {
  model::ChainReport r = Analyze(Input({corp_.leaf.der, corp_.intermediate.der, public_.intermediate.der}));
  EXPECT_FALSE(r.ordered);
  // Same-named intermediate with another key: names match, signature does not.
  TestPki twin = MakePki("Contoso", kHost, kNow);
  EXPECT_FALSE(Analyze(Input({corp_.leaf.der, twin.intermediate.der})).ordered);
}

TEST_F(AnalyzeChainTest, NoStoresStillReportsShape) {
  ChainInput in = Input({corp_.leaf.der, corp_.intermediate.der});
  in.stores.clear();
  model::ChainReport r = Analyze(in);
  EXPECT_TRUE(r.trust.empty());
  EXPECT_FALSE(r.complete);  // no anchor known to say otherwise
  EXPECT_TRUE(r.ordered);
}

TEST_F(AnalyzeChainTest, BadInputIsAnError) {
  auto empty = AnalyzeChain(Input({}));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kCertificateParse);

  auto garbage_leaf = AnalyzeChain(Input({model::Der{'n', 'o', 'p', 'e'}, corp_.intermediate.der}));
  ASSERT_FALSE(garbage_leaf.ok());
  EXPECT_EQ(garbage_leaf.error().kind, ErrorKind::kCertificateParse);

  auto garbage_intermediate = AnalyzeChain(Input({corp_.leaf.der, model::Der{0x30, 0x00}}));
  ASSERT_FALSE(garbage_intermediate.ok());
  EXPECT_EQ(garbage_intermediate.error().kind, ErrorKind::kCertificateParse);
  EXPECT_NE(garbage_intermediate.error().detail.find("certificate 1"), std::string::npos)
      << garbage_intermediate.error().detail;

  ChainInput null_store = Input({corp_.leaf.der});
  null_store.stores.push_back(nullptr);
  auto null_result = AnalyzeChain(null_store);
  ASSERT_FALSE(null_result.ok());
  EXPECT_EQ(null_result.error().kind, ErrorKind::kInternal);
}

TEST_F(AnalyzeChainTest, SameInputSameReport) {
  ChainInput in = Input({corp_.leaf.der, corp_.intermediate.der});
  in.fetched_issuers = {corp_.intermediate.der};
  EXPECT_EQ(Analyze(in), Analyze(in));
}

}  // namespace
}  // namespace lde::analysis
