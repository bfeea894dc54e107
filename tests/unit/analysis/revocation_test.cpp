#include "analysis/revocation.h"

#include <gtest/gtest.h>

#include "support/certs/cert_specs.h"
#include "support/certs/revocation_factory.h"
#include "x509/verify_error.h"

namespace lde::analysis {
namespace {

using lde::testing::CaSpec;
using lde::testing::CertSpec;
using lde::testing::kDay;
using lde::testing::LeafSpec;
using lde::testing::MakePki;
using lde::testing::MintCrl;
using lde::testing::MintedCert;
using lde::testing::MintOcspResponse;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::OcspCertStatus;
using lde::testing::SerialHex;
using lde::testing::TestPki;
using model::CrlStatus;
using model::OcspStapleStatus;
using model::TrustReason;

const SysTime kNow = lde::testing::kTestNow;
constexpr std::chrono::hours kHour{1};
constexpr char kHost[] = "lyncdiscover.contoso.test";
constexpr char kLeafCrl[] = "http://pki.contoso.test/intermediate.crl";
constexpr char kIntermediateCrl[] = "http://pki.contoso.test/root.crl";

std::shared_ptr<const x509::TrustStore> Store(const std::string& name, const MintedCert& root) {
  auto store = x509::TrustStore::FromPem(name, root.pem);
  EXPECT_TRUE(store.ok()) << store.error().detail;
  return store.ok() ? store.value() : nullptr;
}

// The chain under test is issued by the "enterprise" root; "public" does not
// trust it, so every test also shows what happens to an untrusted verdict.
class RevocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corp_ = MakePki("Contoso", kHost, kNow);
    public_ = MakePki("Public", "www.public.test", kNow);
    CertSpec inter = CaSpec("Contoso Issuing CA");
    inter.crl_urls = {kIntermediateCrl};
    intermediate_ = MintSigned(inter, corp_.root);
    CertSpec leaf = LeafSpec(kHost);
    leaf.crl_urls = {kLeafCrl};
    leaf_ = MintSigned(leaf, intermediate_);
    stores_ = {Store("public", public_.root), Store("enterprise", corp_.root)};
  }

  ChainInput Input() const {
    ChainInput in;
    in.presented = {leaf_.der, intermediate_.der};
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
  model::Der Staple(OcspCertStatus status) const {
    return MintOcspResponse(intermediate_, leaf_, status, kNow - kHour, kNow + 3 * kDay);
  }
  model::Der LeafCrl(std::vector<std::string> revoked) const {
    return MintCrl(intermediate_, revoked, kNow - kDay, kNow + 7 * kDay);
  }
  model::Der IntermediateCrl(std::vector<std::string> revoked) const {
    return MintCrl(corp_.root, revoked, kNow - kDay, kNow + 30 * kDay);
  }
  static CrlFetch Fetched(std::size_t position, std::string url, model::Der crl) {
    return CrlFetch{position, std::move(url), std::move(crl), ""};
  }
  static CrlFetch Failed(std::size_t position, std::string url, std::string error) {
    return CrlFetch{position, std::move(url), std::nullopt, std::move(error)};
  }
  static void ExpectUntouchedTrust(const model::ChainReport& r) {
    ASSERT_EQ(r.trust.size(), 2u);
    EXPECT_EQ(r.trust[0].reason, TrustReason::kUnknownIssuer);
    EXPECT_TRUE(r.trust[1].trusted()) << r.trust[1].detail;
  }
  static void ExpectAllRevoked(const model::ChainReport& r, const std::string& why) {
    ASSERT_EQ(r.trust.size(), 2u);
    for (const auto& verdict : r.trust) {
      SCOPED_TRACE(verdict.store);
      EXPECT_EQ(verdict.reason, TrustReason::kRevoked);
      EXPECT_FALSE(verdict.trusted());
      EXPECT_EQ(verdict.verify_error, x509::verify_error::kCertRevoked);
      EXPECT_NE(verdict.detail.view().find(why), std::string::npos) << verdict.detail;
    }
  }

  TestPki corp_, public_;
  MintedCert intermediate_, leaf_;
  std::vector<std::shared_ptr<const x509::TrustStore>> stores_;
};

TEST_F(RevocationTest, NothingObservedMeansNoneAndNotChecked) {
  model::ChainReport r = Analyze(Input());
  EXPECT_EQ(*r.ocsp_staple, model::OcspStapleReport{});
  EXPECT_FALSE(r.ocsp_staple.held());  // the default costs a pointer
  ASSERT_EQ(r.crl.size(), 2u);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kNotChecked);
  EXPECT_EQ(r.crl[0].detail, "no http distribution point fetched");  // it has a CDP
  EXPECT_EQ(r.crl[1].status, CrlStatus::kNotChecked);
  ExpectUntouchedTrust(r);
}

TEST_F(RevocationTest, GoodStapleKeepsTrustAndReportsNextUpdate) {
  ChainInput in = Input();
  in.ocsp_staple = Staple(OcspCertStatus::kGood);
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp_staple->status, OcspStapleStatus::kGood) << r.ocsp_staple->detail;
  EXPECT_EQ(r.ocsp_staple->this_update, kNow - kHour);
  EXPECT_EQ(r.ocsp_staple->next_update, kNow + 3 * kDay);
  ExpectUntouchedTrust(r);
}

TEST_F(RevocationTest, RevokedStapleBeatsAnOtherwiseTrustedChain) {
  ChainInput in = Input();
  in.ocsp_staple = Staple(OcspCertStatus::kRevoked);
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp_staple->status, OcspStapleStatus::kRevoked);
  EXPECT_EQ(r.ocsp_staple->revoked_at, kNow - kHour - kDay);
  ExpectAllRevoked(r, "OCSP staple");
  // The store that did not trust the chain anyway keeps its first reason in the detail.
  EXPECT_NE(r.trust[0].detail.view().find("also unable to get local issuer"), std::string::npos)
      << r.trust[0].detail;
}

TEST_F(RevocationTest, UnknownStapleDoesNotChangeTrust) {
  ChainInput in = Input();
  in.ocsp_staple = Staple(OcspCertStatus::kUnknown);
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp_staple->status, OcspStapleStatus::kUnknown);
  ExpectUntouchedTrust(r);
}

TEST_F(RevocationTest, InvalidStaplesAreReportedWithoutDatesAndDoNotChangeTrust) {
  MintedCert other_leaf = MintSigned(LeafSpec("other.contoso.test"), intermediate_);
  lde::testing::OcspSpec stale;
  stale.status = OcspCertStatus::kRevoked;
  stale.this_update = kNow - 10 * kDay;
  stale.next_update = kNow - 3 * kDay;
  struct Case {
    const char* name;
    model::Der staple;
    const char* detail;
  } cases[] = {
      {"garbage", {0x01, 0x02}, "not an OCSP response"},
      {"another certificate",
       MintOcspResponse(intermediate_, other_leaf, OcspCertStatus::kRevoked, kNow - kHour, kNow + kDay),
       "no response for this certificate"},
      {"stale revoked", MintOcspResponse(intermediate_, leaf_, stale), "stale"},
      {"signed by the root, not the issuer",
       MintOcspResponse(intermediate_, leaf_,
                        [&] {
                          lde::testing::OcspSpec spec;
                          spec.status = OcspCertStatus::kRevoked;
                          spec.this_update = kNow - kHour;
                          spec.next_update = kNow + kDay;
                          spec.signer = &corp_.root;
                          return spec;
                        }()),
       "neither the issuer"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ChainInput in = Input();
    in.ocsp_staple = c.staple;
    model::ChainReport r = Analyze(in);
    EXPECT_EQ(r.ocsp_staple->status, OcspStapleStatus::kInvalid);
    EXPECT_NE(r.ocsp_staple->detail.find(c.detail), std::string::npos) << r.ocsp_staple->detail;
    EXPECT_FALSE(r.ocsp_staple->next_update.has_value());
    ExpectUntouchedTrust(r);
  }
}

TEST_F(RevocationTest, StapleIsVerifiedWithAnAnchorWhenTheLeafHangsOffTheRoot) {
  MintedCert leaf = MintSigned(LeafSpec(kHost), corp_.root);
  ChainInput in = Input();
  in.presented = {leaf.der};
  in.ocsp_staple = MintOcspResponse(corp_.root, leaf, OcspCertStatus::kGood, kNow - kHour, kNow + kDay);
  EXPECT_EQ(Analyze(in).ocsp_staple->status, OcspStapleStatus::kGood);
}

TEST_F(RevocationTest, StapleWithoutTheIssuerAtHandIsInvalid) {
  ChainInput in = Input();
  in.presented = {leaf_.der};  // intermediate left out, not fetched
  in.ocsp_staple = Staple(OcspCertStatus::kRevoked);
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp_staple->status, OcspStapleStatus::kInvalid);
  EXPECT_NE(r.ocsp_staple->detail.find("issuer is not at hand"), std::string::npos);

  in.fetched_issuers = {intermediate_.der};  // AIA found it: now it counts
  EXPECT_EQ(Analyze(in).ocsp_staple->status, OcspStapleStatus::kRevoked);
}

TEST_F(RevocationTest, GoodCrlsAtEveryPosition) {
  ChainInput in = Input();
  in.presented.push_back(corp_.root.der);
  in.crls = {Fetched(0, kLeafCrl, LeafCrl({"0a"})), Fetched(1, kIntermediateCrl, IntermediateCrl({}))};
  model::ChainReport r = Analyze(in);
  ASSERT_EQ(r.crl.size(), 3u);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kGood) << r.crl[0].detail;
  EXPECT_EQ(r.crl[0].url, kLeafCrl);
  EXPECT_EQ(r.crl[0].next_update, kNow + 7 * kDay);
  EXPECT_EQ(r.crl[1].status, CrlStatus::kGood) << r.crl[1].detail;
  EXPECT_EQ(r.crl[1].next_update, kNow + 30 * kDay);
  EXPECT_EQ(r.crl[2].status, CrlStatus::kNotChecked);  // the self-signed root
  EXPECT_TRUE(r.trust[1].trusted()) << r.trust[1].detail;
}

TEST_F(RevocationTest, LeafOnTheCrlBeatsAnOtherwiseTrustedChain) {
  ChainInput in = Input();
  in.crls = {Fetched(0, kLeafCrl, LeafCrl({SerialHex(leaf_)}))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kRevoked);
  EXPECT_EQ(r.crl[0].revoked_at, kNow - 2 * kDay);
  EXPECT_TRUE(r.crl[0].next_update.has_value());
  ExpectAllRevoked(r, "certificate 0 revoked (CRL http://pki.contoso.test/intermediate.crl)");
}

TEST_F(RevocationTest, IntermediateOnTheRootsCrlIsRevokedViaTheAnchor) {
  ChainInput in = Input();  // the root is not presented: its key comes from the store
  in.crls = {Fetched(1, kIntermediateCrl, IntermediateCrl({SerialHex(intermediate_)}))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[1].status, CrlStatus::kRevoked) << r.crl[1].detail;
  ExpectAllRevoked(r, "certificate 1 revoked");
}

TEST_F(RevocationTest, RevocationAlsoReplacesAnExpiredVerdict) {
  CertSpec spec = LeafSpec(kHost);
  spec.not_after = kNow - kDay;
  MintedCert expired = MintSigned(spec, intermediate_);
  ChainInput in = Input();
  in.presented[0] = expired.der;
  in.crls = {Fetched(0, kLeafCrl, LeafCrl({SerialHex(expired)}))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.trust[1].reason, TrustReason::kRevoked);
  EXPECT_NE(r.trust[1].detail.view().find("also certificate has expired"), std::string::npos)
      << r.trust[1].detail;
}

TEST_F(RevocationTest, StaleCrlIsInvalidAndDoesNotChangeTrust) {
  ChainInput in = Input();
  in.crls = {Fetched(0, kLeafCrl, MintCrl(intermediate_, {SerialHex(leaf_)}, kNow - 10 * kDay, kNow - kDay))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kInvalid);
  EXPECT_NE(r.crl[0].detail.find("stale"), std::string::npos) << r.crl[0].detail;
  EXPECT_FALSE(r.crl[0].next_update.has_value());
  ExpectUntouchedTrust(r);
}

TEST_F(RevocationTest, CrlSignedByAnotherKeyIsInvalidAndDoesNotChangeTrust) {
  MintedCert impostor = MintSelfSigned(CaSpec("Contoso Issuing CA"));
  ChainInput in = Input();
  in.crls = {Fetched(0, kLeafCrl, MintCrl(impostor, {SerialHex(leaf_)}, kNow - kDay, kNow + kDay))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kInvalid);
  EXPECT_NE(r.crl[0].detail.find("signature"), std::string::npos) << r.crl[0].detail;
  ExpectUntouchedTrust(r);
}

TEST_F(RevocationTest, UnavailableCrlIsReportedButNeverFailsTrust) {
  ChainInput in = Input();
  in.crls = {Failed(0, kLeafCrl, "timeout: connect"), Failed(1, kIntermediateCrl, "http 404")};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kUnavailable);
  EXPECT_EQ(r.crl[0].url, kLeafCrl);
  EXPECT_EQ(r.crl[0].detail, "timeout: connect");
  EXPECT_EQ(r.crl[1].status, CrlStatus::kUnavailable);
  ExpectUntouchedTrust(r);
}

TEST_F(RevocationTest, TheFirstFetchedDistributionPointIsJudged) {
  ChainInput in = Input();
  in.crls = {Failed(0, "http://down.test/a.crl", "refused"),
             Fetched(0, kLeafCrl, LeafCrl({SerialHex(leaf_)}))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kRevoked);
  EXPECT_EQ(r.crl[0].url, kLeafCrl);
}

TEST_F(RevocationTest, UndecodableCrlIsInvalidNotUnavailable) {
  ChainInput in = Input();
  in.crls = {Fetched(0, kLeafCrl, {'<', 'h', 't', 'm', 'l', '>'})};
  EXPECT_EQ(Analyze(in).crl[0].status, CrlStatus::kInvalid);
}

TEST_F(RevocationTest, CrlWithoutTheIssuerAtHandIsInvalid) {
  ChainInput in = Input();
  in.presented = {leaf_.der};
  in.crls = {Fetched(0, kLeafCrl, LeafCrl({}))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, CrlStatus::kInvalid);
  EXPECT_NE(r.crl[0].detail.find("issuer certificate not at hand"), std::string::npos);
}

TEST_F(RevocationTest, FindIssuerLooksAtPresentedFetchedThenAnchors) {
  ChainInput in = Input();
  EXPECT_EQ(FindIssuer(in, 0), intermediate_.der);
  EXPECT_EQ(FindIssuer(in, 1), corp_.root.der);   // from the enterprise store
  in.presented = {intermediate_.der, leaf_.der};  // out of order
  EXPECT_EQ(FindIssuer(in, 1), intermediate_.der);
  in.presented = {leaf_.der};
  EXPECT_EQ(FindIssuer(in, 0), std::nullopt);
  in.fetched_issuers = {corp_.root.der, intermediate_.der};
  EXPECT_EQ(FindIssuer(in, 0), intermediate_.der);
  EXPECT_EQ(FindIssuer(in, 5), std::nullopt);
}

}  // namespace
}  // namespace lde::analysis
