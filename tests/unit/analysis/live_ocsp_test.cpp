// Live OCSP, judged: what the probe's queries brought back (ChainInput::ocsp)
// becomes a status per presented certificate; a revoked answer beats trust,
// anything else is only reported. And which certificate-named URLs answered
// (ChainReport::revocation_urls).
#include <gtest/gtest.h>

#include "analysis/revocation.h"
#include "support/certs/cert_specs.h"
#include "support/certs/revocation_factory.h"
#include "x509/ocsp_request.h"
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
using lde::testing::MintSigned;
using lde::testing::OcspCertStatus;
using lde::testing::OcspSpec;
using lde::testing::TestPki;
using model::OcspStatus;
using model::RevocationUrlKind;
using model::RevocationUrlReport;
using model::TrustReason;

const SysTime kNow = lde::testing::kTestNow;
constexpr std::chrono::hours kHour{1};
constexpr char kHost[] = "lyncdiscover.contoso.test";
constexpr char kLeafOcsp[] = "http://ocsp.contoso.test/issuing";
constexpr char kLeafOcspBackup[] = "http://ocsp2.contoso.test/issuing";
constexpr char kIntermediateOcsp[] = "http://ocsp.contoso.test/root";
constexpr char kLeafCrl[] = "http://pki.contoso.test/issuing.crl";

class LiveOcspTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corp_ = MakePki("Contoso", kHost, kNow);
    CertSpec inter = CaSpec("Contoso Issuing CA");
    inter.ocsp_urls = {kIntermediateOcsp};
    intermediate_ = MintSigned(inter, corp_.root);
    CertSpec leaf = LeafSpec(kHost);
    leaf.ocsp_urls = {kLeafOcsp, kLeafOcspBackup};
    leaf.crl_urls = {kLeafCrl};
    leaf_ = MintSigned(leaf, intermediate_);
    auto store = x509::TrustStore::FromPem("enterprise", corp_.root.pem);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = store.value();
    auto request = x509::BuildOcspRequest(leaf_.der, intermediate_.der);
    ASSERT_TRUE(request.ok()) << request.error().detail;
    request_ = request.value().der;
  }

  ChainInput Input() const {
    ChainInput in;
    in.presented = {leaf_.der, intermediate_.der};
    in.stores = {store_};
    in.expected_host = kHost;
    in.now = kNow;
    return in;
  }
  model::ChainReport Analyze(const ChainInput& in) const {
    auto report = AnalyzeChain(in);
    EXPECT_TRUE(report.ok()) << report.error().detail;
    return report.ok() ? report.value() : model::ChainReport{};
  }
  // The responder's answer about the leaf, echoing the request's nonce.
  OcspSpec Answer(OcspCertStatus status) const {
    OcspSpec spec;
    spec.status = status;
    spec.this_update = kNow - kHour;
    spec.next_update = kNow + kDay;
    spec.answers = &request_;
    return spec;
  }
  OcspFetch Answered(const OcspSpec& spec, const std::string& url = kLeafOcsp) const {
    return OcspFetch{0, url, request_, MintOcspResponse(intermediate_, leaf_, spec), ""};
  }
  OcspFetch Failed(const std::string& url, const std::string& error) const {
    return OcspFetch{0, url, request_, std::nullopt, error};
  }

  TestPki corp_;
  MintedCert intermediate_, leaf_;
  std::shared_ptr<const x509::TrustStore> store_;
  model::Der request_;
};

TEST_F(LiveOcspTest, GoodAnswerIsReportedWithItsDatesAndKeepsTrust) {
  ChainInput in = Input();
  in.ocsp = {Answered(Answer(OcspCertStatus::kGood))};
  model::ChainReport r = Analyze(in);
  ASSERT_EQ(r.ocsp.size(), 2u);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kGood) << r.ocsp[0].detail;
  EXPECT_EQ(r.ocsp[0].url, kLeafOcsp);
  EXPECT_EQ(r.ocsp[0].this_update, kNow - kHour);
  EXPECT_EQ(r.ocsp[0].next_update, kNow + kDay);
  ASSERT_EQ(r.trust.size(), 1u);
  EXPECT_TRUE(r.trust[0].trusted()) << r.trust[0].detail;
  // The intermediate names a responder too, but nothing was asked about it.
  EXPECT_EQ(r.ocsp[1].status, OcspStatus::kNotChecked);
  EXPECT_EQ(r.ocsp[1].detail, "not queried: beyond the certificates the probe asks about");
}

TEST_F(LiveOcspTest, RevokedAnswerMakesEveryVerdictRevoked) {
  ChainInput in = Input();
  in.ocsp = {Answered(Answer(OcspCertStatus::kRevoked))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kRevoked);
  EXPECT_EQ(r.ocsp[0].revoked_at, kNow - kHour - kDay);
  EXPECT_EQ(r.ocsp[0].next_update, kNow + kDay);
  ASSERT_EQ(r.trust.size(), 1u);
  EXPECT_EQ(r.trust[0].reason, TrustReason::kRevoked);
  EXPECT_EQ(r.trust[0].verify_error, x509::verify_error::kCertRevoked);
  EXPECT_NE(r.trust[0].detail.view().find("certificate 0 revoked (OCSP http://ocsp.contoso.test/issuing)"),
            std::string::npos)
      << r.trust[0].detail;
}

TEST_F(LiveOcspTest, RevokedIntermediateIsRevokedViaTheAnchorAsIssuer) {
  auto request = x509::BuildOcspRequest(intermediate_.der, corp_.root.der);
  ASSERT_TRUE(request.ok());
  ChainInput in = Input();
  OcspSpec spec;
  spec.status = OcspCertStatus::kRevoked;
  spec.this_update = kNow - kHour;
  spec.next_update = kNow + kDay;
  in.ocsp = {OcspFetch{1, kIntermediateOcsp, request.value().der,
                       MintOcspResponse(corp_.root, intermediate_, spec), ""}};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp[1].status, OcspStatus::kRevoked) << r.ocsp[1].detail;
  EXPECT_EQ(r.trust[0].reason, TrustReason::kRevoked);
  EXPECT_NE(r.trust[0].detail.view().find("certificate 1 revoked"), std::string::npos) << r.trust[0].detail;
}

TEST_F(LiveOcspTest, UnknownAnswerIsReportedAndTrustStands) {
  ChainInput in = Input();
  in.ocsp = {Answered(Answer(OcspCertStatus::kUnknown))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kUnknown);
  EXPECT_TRUE(r.trust[0].trusted());
}

TEST_F(LiveOcspTest, UnreachableResponderIsUnavailableAndTrustStands) {
  ChainInput in = Input();
  in.ocsp = {Failed(kLeafOcsp, "connect_refused: connection refused"),
             Failed(kLeafOcspBackup, "timeout: no answer")};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kUnavailable);
  EXPECT_EQ(r.ocsp[0].url, kLeafOcsp);  // the first that failed
  EXPECT_EQ(r.ocsp[0].detail, "connect_refused: connection refused");
  EXPECT_FALSE(r.ocsp[0].next_update);
  EXPECT_TRUE(r.trust[0].trusted());
}

TEST_F(LiveOcspTest, TheFirstResponderThatAnsweredIsJudged) {
  ChainInput in = Input();
  in.ocsp = {Failed(kLeafOcsp, "http_status: HTTP 503"),
             Answered(Answer(OcspCertStatus::kRevoked), kLeafOcspBackup)};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kRevoked);
  EXPECT_EQ(r.ocsp[0].url, kLeafOcspBackup);
  EXPECT_EQ(r.trust[0].reason, TrustReason::kRevoked);
}

TEST_F(LiveOcspTest, InvalidAnswersAreReportedWithoutDatesAndDoNotChangeTrust) {
  CertSpec rogue_spec = LeafSpec("ocsp.rogue.test");
  rogue_spec.server_auth_eku = false;
  rogue_spec.ocsp_signing_eku = true;
  TestPki other = MakePki("Rogue", "x.rogue.test", kNow);
  MintedCert rogue = MintSigned(rogue_spec, other.root);  // not delegated by the issuer

  OcspSpec wrong_signer = Answer(OcspCertStatus::kRevoked);
  wrong_signer.signer = &rogue;
  OcspSpec wrong_nonce = Answer(OcspCertStatus::kRevoked);
  wrong_nonce.answers = nullptr;
  wrong_nonce.nonce = model::Der(16, 0x42);
  OcspSpec stale = Answer(OcspCertStatus::kGood);
  stale.this_update = kNow - 3 * kDay;
  stale.next_update = kNow - 2 * kDay;
  struct Case {
    const char* name;
    std::optional<model::Der> response;
    std::string detail;
  } cases[] = {
      {"wrong signer", MintOcspResponse(intermediate_, leaf_, wrong_signer),
       "is neither the issuer nor certified"},
      {"wrong nonce", MintOcspResponse(intermediate_, leaf_, wrong_nonce), "nonce differs"},
      {"stale", MintOcspResponse(intermediate_, leaf_, stale), "stale"},
      {"junk (kept as an empty body)", model::Der{}, "not an OCSP response"},
      {"try later", lde::testing::MintOcspTryLater(), "responseStatus trylater"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ChainInput in = Input();
    in.ocsp = {OcspFetch{0, kLeafOcsp, request_, c.response, ""}};
    model::ChainReport r = Analyze(in);
    EXPECT_EQ(r.ocsp[0].status, OcspStatus::kInvalid);
    EXPECT_NE(r.ocsp[0].detail.find(c.detail), std::string::npos) << r.ocsp[0].detail;
    EXPECT_FALSE(r.ocsp[0].next_update);
    EXPECT_FALSE(r.ocsp[0].revoked_at);
    EXPECT_TRUE(r.trust[0].trusted()) << r.trust[0].detail;
  }
}

TEST_F(LiveOcspTest, AnswerWithoutTheIssuerAtHandIsInvalid) {
  ChainInput in = Input();
  in.presented = {leaf_.der};  // no intermediate, no AIA fetch
  in.ocsp = {Answered(Answer(OcspCertStatus::kGood))};
  model::ChainReport r = Analyze(in);
  ASSERT_EQ(r.ocsp.size(), 1u);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kInvalid);
  EXPECT_EQ(r.ocsp[0].detail, "issuer certificate not at hand to verify the response");
}

TEST_F(LiveOcspTest, NotAskedSaysWhy) {
  ChainInput in = Input();
  // The leaf with a valid staple: what a client uses instead of asking.
  OcspSpec staple = Answer(OcspCertStatus::kGood);
  staple.answers = nullptr;
  in.ocsp_staple = MintOcspResponse(intermediate_, leaf_, staple);
  in.presented.push_back(corp_.root.der);
  model::ChainReport r = Analyze(in);
  ASSERT_EQ(r.ocsp.size(), 3u);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kNotChecked);
  EXPECT_EQ(r.ocsp[0].detail, "the valid stapled response answers for the leaf");
  EXPECT_EQ(r.ocsp[2].detail, "self-issued: a root is not revoked by its own responder");

  // No responder URL at all: nothing to say; only an ldap or https one: that.
  CertSpec plain = LeafSpec(kHost);
  in.presented = {MintSigned(plain, intermediate_).der, intermediate_.der};
  in.ocsp_staple.reset();
  EXPECT_EQ(Analyze(in).ocsp[0].detail, "");
  plain.ocsp_urls = {"https://ocsp.contoso.test/"};
  in.presented[0] = MintSigned(plain, intermediate_).der;
  EXPECT_EQ(Analyze(in).ocsp[0].detail, "no http OCSP responder URL");
  // Without the issuer no request can be built.
  in.presented = {leaf_.der};
  EXPECT_EQ(Analyze(in).ocsp[0].detail, "issuer certificate not at hand to build a request");
}

TEST_F(LiveOcspTest, AnInvalidStapleDoesNotStopTheLeafFromBeingAsked) {
  ChainInput in = Input();
  in.ocsp_staple = model::Der{1, 2, 3};
  in.ocsp = {Answered(Answer(OcspCertStatus::kRevoked))};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.ocsp_staple->status, model::OcspStapleStatus::kInvalid);
  EXPECT_EQ(r.ocsp[0].status, OcspStatus::kRevoked);
  EXPECT_EQ(r.trust[0].reason, TrustReason::kRevoked);
}

// ---- Which URLs answered --------------------------------------------------

TEST_F(LiveOcspTest, UrlsThatAnsweredWithWhatTheyAreForAreUp) {
  ChainInput in = Input();
  in.ocsp = {Answered(Answer(OcspCertStatus::kRevoked))};  // verified: up, whatever it says
  in.crls = {CrlFetch{0, kLeafCrl, MintCrl(intermediate_, {}, kNow - kDay, kNow + kDay), ""}};
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.revocation_urls,
            (std::vector<RevocationUrlReport>{{0, RevocationUrlKind::kCrl, kLeafCrl, true},
                                              {0, RevocationUrlKind::kOcsp, kLeafOcsp, true}}));
}

TEST_F(LiveOcspTest, UrlsThatFailedOrServedJunkAreDown) {
  ChainInput in = Input();
  in.ocsp = {Failed(kLeafOcsp, "address_refused: 169.254.169.254")};
  in.crls = {CrlFetch{0, kLeafCrl, model::Der{}, ""}};  // junk, as the probe passes it on
  model::ChainReport r = Analyze(in);
  EXPECT_EQ(r.revocation_urls,
            (std::vector<RevocationUrlReport>{{0, RevocationUrlKind::kCrl, kLeafCrl, false},
                                              {0, RevocationUrlKind::kOcsp, kLeafOcsp, false}}));
  // An OCSP answer that does not verify is down too; a CRL that decodes but
  // does not verify is up (the URL serves a CRL; crl_status says the rest).
  OcspSpec forged = Answer(OcspCertStatus::kGood);
  forged.answers = nullptr;
  forged.nonce = model::Der(16, 1);
  in.ocsp = {Failed(kLeafOcsp, "http_status: HTTP 500"), Answered(forged, kLeafOcspBackup)};
  in.crls = {CrlFetch{0, kLeafCrl, MintCrl(corp_.root, {}, kNow - kDay, kNow + kDay), ""}};
  r = Analyze(in);
  EXPECT_EQ(r.crl[0].status, model::CrlStatus::kInvalid);
  EXPECT_EQ(r.revocation_urls,
            (std::vector<RevocationUrlReport>{{0, RevocationUrlKind::kCrl, kLeafCrl, true},
                                              {0, RevocationUrlKind::kOcsp, kLeafOcspBackup, false}}));
}

TEST_F(LiveOcspTest, UrlsNotTriedAreNotReported) { EXPECT_TRUE(Analyze(Input()).revocation_urls.empty()); }

}  // namespace
}  // namespace lde::analysis
