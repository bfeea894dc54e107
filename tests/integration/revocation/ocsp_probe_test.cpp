// Live OCSP through the real probe path against a real responder: CheckEndpoint
// captures the chain from a live handshake, asks `openssl ocsp` (behind a
// loopback HTTP front, see ocsp_responder.h) about the leaf and the
// intermediate (observe), analysis judges the answers (judge), and the
// metrics show them. The responder dates its answers with the wall clock, so
// the env's manual clock starts at the wall clock's now.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "metrics/render.h"
#include "model/probe_result.h"
#include "ocsp_responder.h"
#include "probe/endpoint_check.h"
#include "probe/probe_plan.h"
#include "probe_view.h"
#include "support/certs/revocation_factory.h"
#include "support/metrics_text/manual_clock.h"
#include "support/metrics_text/metrics_text.h"
#include "support/servers/tls_test_server.h"

namespace lde::probe {
namespace {

using lde::testing::CertSpec;
using lde::testing::MintedCert;
using lde::testing::MintOcspResponse;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::OcspCertStatus;
using lde::testing::OcspResponder;
using lde::testing::TlsTestServer;
using lde::testing::TlsTestServerOptions;
using model::OcspStatus;
using model::TrustReason;
using testsupport::FindSample;
using testsupport::LabelSubset;

constexpr const char* kHost = kRevocationHost;
constexpr std::chrono::hours kHour{1};
constexpr std::chrono::hours kDay{24};

class OcspProbeTest : public ::testing::Test {
 protected:
  OcspProbeTest() : clock_(SystemClock().Now()), now_(clock_.Now()) {}

  void SetUp() override {
    CertSpec root;
    root.common_name = "Live OCSP Root CA";
    root.is_ca = true;
    root.not_before = now_ - 30 * kDay;
    root.not_after = now_ + 3650 * kDay;
    root_ = MintSelfSigned(root);
    // The intermediate names the root's responder; the leaf, the issuing CA's.
    root_responder_ = std::make_unique<OcspResponder>(root_, root_, "127.0.0.3");
    CertSpec inter = root;
    inter.common_name = "Live OCSP Issuing CA";
    inter.ocsp_urls = {root_responder_->Url()};
    intermediate_ = MintSigned(inter, root_);
    root_responder_->SetStatus(intermediate_, OcspResponder::Status::kValid);
    responder_ = std::make_unique<OcspResponder>(intermediate_, intermediate_, "127.0.0.4");
    leaf_ = Leaf(responder_->Url());

    auto store = x509::TrustStore::FromPem("enterprise", root_.pem);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = store.value();
    // The daemon's own set-up: the default config, fresh caches, this clock.
    auto built = BuildProbeEnv(std::make_shared<config::Config>(), clock_, nullptr);
    ASSERT_TRUE(built.ok()) << built.error().detail;
    env_ = *built.value();
  }

  MintedCert Leaf(const std::string& ocsp_url) const {
    CertSpec leaf = RevocationLeafSpec(now_);
    leaf.ocsp_urls = {ocsp_url};
    return MintSigned(leaf, intermediate_);
  }

  std::unique_ptr<TlsTestServer> Server(const MintedCert& leaf, const model::Der& staple = {}) const {
    return ServeChain(leaf, intermediate_, staple);
  }

  model::EndpointReport Check(const TlsTestServer& server, Duration budget = std::chrono::seconds(15)) const {
    return CheckTestServer(server, store_, env_, real_clock_, budget);
  }

  static std::string Render(const model::EndpointReport& report) { return RenderOne(report, "tls"); }

  static LabelSubset Endpoint(const TlsTestServer& server, LabelSubset extra = {}) {
    return EndpointLabels(server, std::move(extra));
  }

  testsupport::ManualClock clock_;
  SystemClock real_clock_;
  SysTime now_;
  MintedCert root_, intermediate_, leaf_;
  std::unique_ptr<OcspResponder> root_responder_, responder_;
  std::shared_ptr<const x509::TrustStore> store_;
  ProbeEnv env_;
};

TEST_F(OcspProbeTest, GoodAnswersForLeafAndIntermediateKeepTrust) {
  responder_->SetStatus(leaf_, OcspResponder::Status::kValid);
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.chain);
  ASSERT_EQ(report.chain->ocsp.size(), 2u);
  const model::OcspReport& leaf = report.chain->ocsp[0];
  EXPECT_EQ(leaf.status, OcspStatus::kGood) << leaf.detail << responder_->LastError();
  EXPECT_EQ(leaf.url, responder_->Url());
  ASSERT_TRUE(leaf.next_update);  // -nmin 5
  EXPECT_GT(*leaf.next_update, now_ + std::chrono::minutes(4));
  EXPECT_LT(*leaf.next_update, now_ + std::chrono::minutes(6));
  EXPECT_EQ(report.chain->ocsp[1].status, OcspStatus::kGood)
      << report.chain->ocsp[1].detail << root_responder_->LastError();
  EXPECT_TRUE(TrustedByAny(*report.chain));

  std::string text = Render(report);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_status",
                       Endpoint(*server, {{"position", "0"}, {"status", "good"}})),
            1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_status",
                       Endpoint(*server, {{"position", "1"}, {"status", "good"}})),
            1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_response_next_update_timestamp_seconds",
                       Endpoint(*server, {{"position", "0"}})),
            ToUnixSeconds(*leaf.next_update));
  EXPECT_EQ(FindSample(text, "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            1);
  EXPECT_EQ(
      FindSample(text, "lyncdiscover_revocation_url_info",
                 Endpoint(*server, {{"position", "1"}, {"kind", "ocsp"}, {"url", root_responder_->Url()}})),
      1);
  // The chain names no CRL and lacks no issuer: no other URL was tried.
  EXPECT_EQ(testsupport::CountSeries(text, "lyncdiscover_revocation_url_up"), 2u);
}

TEST_F(OcspProbeTest, RevokedAnswerMakesTheEndpointRevoked) {
  responder_->SetStatus(leaf_, OcspResponder::Status::kRevoked);
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kRevoked)
      << report.chain->ocsp[0].detail << responder_->LastError();
  EXPECT_NE(report.chain->ocsp[0].detail.find("keyCompromise"), std::string::npos)
      << report.chain->ocsp[0].detail;
  ASSERT_EQ(report.chain->trust.size(), 1u);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kRevoked);
  EXPECT_FALSE(TrustedByAny(*report.chain));
  EXPECT_EQ(UntrustedReason(*report.chain), model::Reason::kRevoked);

  std::string text = Render(report);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_status",
                       Endpoint(*server, {{"position", "0"}, {"status", "revoked"}})),
            1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_chain_trusted",
                       Endpoint(*server, {{"trust_store", "enterprise"}, {"reason", "revoked"}})),
            0);
  // The responder answered: revoked is an answer, the URL is up.
  EXPECT_EQ(FindSample(text, "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            1);
}

TEST_F(OcspProbeTest, CertificateTheResponderDoesNotKnowIsUnknownAndTrustStands) {
  auto server = Server(leaf_);  // the leaf is not in the responder's index
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kUnknown)
      << report.chain->ocsp[0].detail << responder_->LastError();
  EXPECT_TRUE(TrustedByAny(*report.chain));
}

TEST_F(OcspProbeTest, StaleAnswerIsInvalidAndTrustStands) {
  responder_->SetStatus(leaf_, OcspResponder::Status::kRevoked);
  // The probe's clock is an hour ahead of the responder's: its answer, good
  // for 5 minutes, is long past its nextUpdate when judged.
  clock_.Advance(kHour);
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kInvalid);
  EXPECT_NE(report.chain->ocsp[0].detail.find("stale"), std::string::npos) << report.chain->ocsp[0].detail;
  EXPECT_TRUE(TrustedByAny(*report.chain));
  EXPECT_EQ(FindSample(Render(report), "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            0);
}

TEST_F(OcspProbeTest, MintedStaleAnswerFromTheSameUrlIsInvalid) {
  responder_->ServeFixed(
      MintOcspResponse(intermediate_, leaf_, OcspCertStatus::kGood, now_ - 2 * kDay, now_ - kDay));
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kInvalid);
  EXPECT_NE(report.chain->ocsp[0].detail.find("stale"), std::string::npos) << report.chain->ocsp[0].detail;
}

TEST_F(OcspProbeTest, UnreachableResponderIsUnavailableAndUrlDown) {
  std::string closed;
  {
    TlsTestServerOptions plain;
    plain.tls = false;
    TlsTestServer gone(plain);
    closed = "http://127.0.0.1:" + std::to_string(gone.port()) + "/";
  }  // stopped: its port now refuses connections
  MintedCert leaf = Leaf(closed);
  auto server = Server(leaf);
  model::EndpointReport report = Check(*server);
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kUnavailable);
  EXPECT_EQ(report.chain->ocsp[0].detail.rfind("connection_refused: ", 0), 0u)
      << report.chain->ocsp[0].detail;
  EXPECT_TRUE(TrustedByAny(*report.chain));

  std::string text = Render(report);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_status",
                       Endpoint(*server, {{"position", "0"}, {"status", "unavailable"}})),
            1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            0);
  EXPECT_EQ(FindSample(text, "lyncdiscover_revocation_url_info",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}, {"url", closed}})),
            1);
}

TEST_F(OcspProbeTest, StallingResponderCostsABoundedTimeAndTrustStands) {
  TlsTestServerOptions stall;
  stall.tls = false;
  stall.behaviour = lde::testing::ServerBehaviour::kStallAfterAccept;
  TlsTestServer staller(stall);
  MintedCert leaf = Leaf("http://127.0.0.1:" + std::to_string(staller.port()) + "/");
  auto server = Server(leaf);
  auto start = std::chrono::steady_clock::now();
  model::EndpointReport report = Check(*server, std::chrono::seconds(3));
  auto elapsed = std::chrono::steady_clock::now() - start;
  // At most half of a third of what was left after the handshake.
  EXPECT_LT(elapsed, std::chrono::milliseconds(2000));
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kUnavailable);
  EXPECT_EQ(report.chain->ocsp[0].detail.rfind("timeout", 0), 0u) << report.chain->ocsp[0].detail;
  EXPECT_TRUE(TrustedByAny(*report.chain));
}

TEST_F(OcspProbeTest, OversizedAnswerIsUnavailableAndNotKept) {
  responder_->ServeFixed(model::Der(70 * 1024, 'x'));
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kUnavailable);
  EXPECT_EQ(report.chain->ocsp[0].detail, "body_too_large: larger than 65536 bytes");
  // Cached as a failure, without the bytes; the intermediate's good answer
  // is the other entry.
  EXPECT_EQ(env_.ocsp->size(), 2u);
  EXPECT_LT(env_.ocsp->bytes(), 8u * 1024);
}

TEST_F(OcspProbeTest, ResponderTheIssuerDidNotDelegateToIsInvalid) {
  // A responder key certified for OCSP signing, but by another CA.
  CertSpec other_root;
  other_root.common_name = "Other Root CA";
  other_root.is_ca = true;
  other_root.not_before = now_ - kDay;
  other_root.not_after = now_ + 365 * kDay;
  MintedCert other = MintSelfSigned(other_root);
  CertSpec rogue_spec;
  rogue_spec.common_name = "ocsp.other.test";
  rogue_spec.not_before = now_ - kDay;
  rogue_spec.not_after = now_ + 30 * kDay;
  rogue_spec.server_auth_eku = false;
  rogue_spec.ocsp_signing_eku = true;
  MintedCert rogue = MintSigned(rogue_spec, other);
  OcspResponder rogue_responder(intermediate_, rogue, "127.0.0.5");
  MintedCert leaf = Leaf(rogue_responder.Url());
  rogue_responder.SetStatus(leaf, OcspResponder::Status::kRevoked);
  auto server = Server(leaf);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kInvalid) << rogue_responder.LastError();
  EXPECT_NE(report.chain->ocsp[0].detail.find("is neither the issuer nor certified by it"), std::string::npos)
      << report.chain->ocsp[0].detail;
  // Its "revoked" is not believed.
  EXPECT_TRUE(TrustedByAny(*report.chain));
  EXPECT_EQ(FindSample(Render(report), "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            0);
}

TEST_F(OcspProbeTest, DelegatedResponderIsBelieved) {
  CertSpec delegated_spec;
  delegated_spec.common_name = "ocsp.contoso.test";
  delegated_spec.not_before = now_ - kDay;
  delegated_spec.not_after = now_ + 30 * kDay;
  delegated_spec.server_auth_eku = false;
  delegated_spec.ocsp_signing_eku = true;
  MintedCert delegated = MintSigned(delegated_spec, intermediate_);
  OcspResponder delegated_responder(intermediate_, delegated, "127.0.0.6");
  MintedCert leaf = Leaf(delegated_responder.Url());
  delegated_responder.SetStatus(leaf, OcspResponder::Status::kRevoked);
  auto server = Server(leaf);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kRevoked)
      << report.chain->ocsp[0].detail << delegated_responder.LastError();
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kRevoked);
}

TEST_F(OcspProbeTest, AValidStapleSparesTheLeafsResponder) {
  responder_->SetStatus(leaf_, OcspResponder::Status::kRevoked);  // would be believed if asked
  auto server =
      Server(leaf_, MintOcspResponse(intermediate_, leaf_, OcspCertStatus::kGood, now_ - kHour, now_ + kDay));
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp_staple->status, model::OcspStapleStatus::kGood)
      << report.chain->ocsp_staple->detail;
  EXPECT_EQ(report.chain->ocsp[0].status, OcspStatus::kNotChecked);
  EXPECT_EQ(responder_->Requests(), 0);
  EXPECT_TRUE(TrustedByAny(*report.chain));
}

TEST_F(OcspProbeTest, AnswerIsCachedUntilItsNextUpdate) {
  responder_->SetStatus(leaf_, OcspResponder::Status::kValid);
  auto server = Server(leaf_);
  EXPECT_EQ(Check(*server).chain->ocsp[0].status, OcspStatus::kGood) << responder_->LastError();
  model::EndpointReport cached = Check(*server);
  EXPECT_EQ(responder_->Requests(), 1);
  EXPECT_EQ(cached.chain->ocsp[0].status, OcspStatus::kGood) << cached.chain->ocsp[0].detail;
  EXPECT_EQ(FindSample(Render(cached), "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            1);
  // Past the answer's nextUpdate (5 minutes): asked again, and a revocation
  // that happened meanwhile is seen.
  responder_->SetStatus(leaf_, OcspResponder::Status::kRevoked);
  clock_.Advance(std::chrono::minutes(6));
  model::EndpointReport fresh = Check(*server);
  EXPECT_EQ(responder_->Requests(), 2);
  EXPECT_EQ(fresh.chain->ocsp[0].status, OcspStatus::kRevoked) << fresh.chain->ocsp[0].detail;
}

TEST_F(OcspProbeTest, FailureIsCachedBrieflyAndKeepsItsStatus) {
  responder_->ServeFixed(model::Der{'n', 'o', 'p', 'e'});  // junk with HTTP 200
  auto server = Server(leaf_);
  model::EndpointReport first = Check(*server);
  EXPECT_EQ(first.chain->ocsp[0].status, OcspStatus::kInvalid);
  EXPECT_EQ(first.chain->ocsp[0].detail, "not an OCSP response");
  model::EndpointReport cached = Check(*server);
  EXPECT_EQ(responder_->Requests(), 1);
  EXPECT_EQ(cached.chain->ocsp[0].status, OcspStatus::kInvalid);
  EXPECT_EQ(cached.chain->ocsp[0].detail, "not an OCSP response");
  EXPECT_EQ(FindSample(Render(cached), "lyncdiscover_revocation_url_up",
                       Endpoint(*server, {{"position", "0"}, {"kind", "ocsp"}})),
            0);
  responder_->ServeFixed(std::nullopt);
  responder_->SetStatus(leaf_, OcspResponder::Status::kValid);
  clock_.Advance(std::chrono::minutes(6));
  model::EndpointReport fresh = Check(*server);
  EXPECT_EQ(responder_->Requests(), 2);
  EXPECT_EQ(fresh.chain->ocsp[0].status, OcspStatus::kGood) << fresh.chain->ocsp[0].detail;
}

}  // namespace
}  // namespace lde::probe
