// Revocation through the real probe path: CheckEndpoint captures the staple
// from a live handshake and fetches CRLs over HTTP (observe), analysis judges
// them (judge), and the metrics show both.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "crl_http_server.h"
#include "metrics/render.h"
#include "model/probe_result.h"
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
using lde::testing::CrlHttpServer;
using lde::testing::MintCrl;
using lde::testing::MintedCert;
using lde::testing::MintOcspResponse;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::OcspCertStatus;
using lde::testing::SerialHex;
using lde::testing::ServerBehaviour;
using lde::testing::TlsTestServer;
using lde::testing::TlsTestServerOptions;
using model::CrlStatus;
using model::OcspStapleStatus;
using model::TrustReason;
using testsupport::FindSample;
using testsupport::LabelSubset;

constexpr const char* kHost = kRevocationHost;
constexpr std::chrono::hours kHour{1};
constexpr std::chrono::hours kDay{24};

class RevocationProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    now_ = clock_.Now();
    CertSpec root;
    root.common_name = "Revocation Root CA";
    root.is_ca = true;
    root.not_before = now_ - 30 * kDay;
    root.not_after = now_ + 3650 * kDay;
    root_ = MintSelfSigned(root);
    CertSpec inter = root;
    inter.common_name = "Revocation Issuing CA";
    inter.crl_urls = {crl_.Url("/root.crl")};
    intermediate_ = MintSigned(inter, root_);
    leaf_ = Leaf(crl_.Url("/issuing.crl"));

    auto store = x509::TrustStore::FromPem("enterprise", root_.pem);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = store.value();
    // The daemon's own set-up: the default config, fresh caches, this clock.
    auto built = BuildProbeEnv(std::make_shared<config::Config>(), clock_, nullptr);
    ASSERT_TRUE(built.ok()) << built.error().detail;
    env_ = *built.value();

    crl_.Serve("/issuing.crl", MintCrl(intermediate_, {}, now_ - kHour, now_ + kDay));
    crl_.Serve("/root.crl", MintCrl(root_, {}, now_ - kHour, now_ + 30 * kDay));
  }

  MintedCert Leaf(const std::string& crl_url) const {
    CertSpec leaf = RevocationLeafSpec(now_);
    leaf.crl_urls = {crl_url};
    return MintSigned(leaf, intermediate_);
  }

  std::unique_ptr<TlsTestServer> Server(const MintedCert& leaf, const model::Der& staple = {}) const {
    return ServeChain(leaf, intermediate_, staple);
  }

  model::EndpointReport Check(const TlsTestServer& server, Duration budget = std::chrono::seconds(10)) const {
    http_client::HttpRequest request;
    request.host_header = kHost;
    return CheckTestServer(server, store_, env_, real_clock_, budget, request);
  }

  static std::string Render(const model::EndpointReport& report) { return RenderOne(report, "https"); }

  static LabelSubset Endpoint(const TlsTestServer& server, LabelSubset extra = {}) {
    return EndpointLabels(server, std::move(extra));
  }

  testsupport::ManualClock clock_;
  SystemClock real_clock_;
  SysTime now_;
  CrlHttpServer crl_;
  MintedCert root_, intermediate_, leaf_;
  std::shared_ptr<const x509::TrustStore> store_;
  ProbeEnv env_;
};

TEST_F(RevocationProbeTest, RevokedStapleMakesATrustedEndpointRevoked) {
  auto server = Server(
      leaf_, MintOcspResponse(intermediate_, leaf_, OcspCertStatus::kRevoked, now_ - kHour, now_ + kDay));
  model::EndpointReport report = Check(*server);
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.http);
  EXPECT_EQ(report.http->status, 200);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp_staple->status, OcspStapleStatus::kRevoked)
      << report.chain->ocsp_staple->detail;
  ASSERT_EQ(report.chain->trust.size(), 1u);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kRevoked);
  EXPECT_FALSE(TrustedByAny(*report.chain));
  EXPECT_EQ(UntrustedReason(*report.chain), model::Reason::kRevoked);
  // The CRLs (empty) still say good: the staple alone revoked it.
  ASSERT_EQ(report.chain->crl.size(), 2u);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kGood) << report.chain->crl[0].detail;

  std::string text = Render(report);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_staple_status", Endpoint(*server, {{"status", "revoked"}})),
            1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_next_update_timestamp_seconds", Endpoint(*server)),
            ToUnixSeconds(now_ + kDay));
  EXPECT_EQ(FindSample(text, "lyncdiscover_chain_trusted",
                       Endpoint(*server, {{"trust_store", "enterprise"}, {"reason", "revoked"}})),
            0);
}

TEST_F(RevocationProbeTest, GoodStapleAndGoodCrlsKeepTrust) {
  auto server =
      Server(leaf_, MintOcspResponse(intermediate_, leaf_, OcspCertStatus::kGood, now_ - kHour, now_ + kDay));
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp_staple->status, OcspStapleStatus::kGood);
  EXPECT_TRUE(TrustedByAny(*report.chain));
  ASSERT_EQ(report.chain->crl.size(), 2u);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kGood) << report.chain->crl[0].detail;
  EXPECT_EQ(report.chain->crl[0].url, crl_.Url("/issuing.crl"));
  EXPECT_EQ(report.chain->crl[1].status, CrlStatus::kGood) << report.chain->crl[1].detail;

  std::string text = Render(report);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_staple_status", Endpoint(*server, {{"status", "good"}})), 1);
  EXPECT_EQ(
      FindSample(text, "lyncdiscover_crl_status", Endpoint(*server, {{"position", "0"}, {"status", "good"}})),
      1);
  EXPECT_EQ(
      FindSample(text, "lyncdiscover_crl_status", Endpoint(*server, {{"position", "1"}, {"status", "good"}})),
      1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_crl_next_update_timestamp_seconds",
                       Endpoint(*server, {{"position", "0"}})),
            ToUnixSeconds(now_ + kDay));
  EXPECT_EQ(FindSample(text, "lyncdiscover_crl_next_update_timestamp_seconds",
                       Endpoint(*server, {{"position", "1"}})),
            ToUnixSeconds(now_ + 30 * kDay));
}

TEST_F(RevocationProbeTest, NoStapleIsNone) {
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->ocsp_staple->status, OcspStapleStatus::kNone);
  std::string text = Render(report);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_staple_status", Endpoint(*server, {{"status", "none"}})), 1);
  EXPECT_EQ(FindSample(text, "lyncdiscover_ocsp_next_update_timestamp_seconds", Endpoint(*server)),
            std::nullopt);
}

TEST_F(RevocationProbeTest, LeafOnTheCrlIsRevoked) {
  crl_.Serve("/issuing.crl", MintCrl(intermediate_, {SerialHex(leaf_)}, now_ - kHour, now_ + kDay));
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kRevoked);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kRevoked);
  EXPECT_EQ(FindSample(Render(report), "lyncdiscover_crl_status",
                       Endpoint(*server, {{"position", "0"}, {"status", "revoked"}})),
            1);
}

TEST_F(RevocationProbeTest, UnavailableCrlIsReportedAndTrustStands) {
  crl_.Serve("/issuing.crl", {}, 404);
  auto server = Server(leaf_);
  model::EndpointReport report = Check(*server);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kUnavailable);
  EXPECT_EQ(report.chain->crl[0].detail, "http_status: HTTP 404");
  EXPECT_TRUE(TrustedByAny(*report.chain));
  EXPECT_EQ(FindSample(Render(report), "lyncdiscover_crl_status",
                       Endpoint(*server, {{"position", "0"}, {"status", "unavailable"}})),
            1);
}

TEST_F(RevocationProbeTest, StallingCrlServerCostsABoundedTimeAndTrustStands) {
  TlsTestServerOptions stall;
  stall.tls = false;
  stall.behaviour = ServerBehaviour::kStallAfterAccept;
  TlsTestServer staller(stall);
  MintedCert leaf = Leaf("http://127.0.0.1:" + std::to_string(staller.port()) + "/slow.crl");
  auto server = Server(leaf);
  auto start = std::chrono::steady_clock::now();
  model::EndpointReport report = Check(*server, std::chrono::seconds(3));
  auto elapsed = std::chrono::steady_clock::now() - start;
  // At most a third of what was left after the HTTP exchange.
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kUnavailable);
  EXPECT_EQ(report.chain->crl[0].detail.rfind("timeout", 0), 0u) << report.chain->crl[0].detail;
  EXPECT_TRUE(TrustedByAny(*report.chain));
}

TEST_F(RevocationProbeTest, CrlIsCachedUntilAtMostAnHour) {
  auto server = Server(leaf_);
  Check(*server);
  Check(*server);
  EXPECT_EQ(crl_.Hits("/issuing.crl"), 1);
  EXPECT_EQ(crl_.Hits("/root.crl"), 1);
  clock_.Advance(61 * std::chrono::minutes(1));
  model::EndpointReport report = Check(*server);
  EXPECT_EQ(crl_.Hits("/issuing.crl"), 2);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kGood) << report.chain->crl[0].detail;
}

TEST_F(RevocationProbeTest, CrlIsRefetchedOnceItsNextUpdateHasPassed) {
  crl_.Serve("/issuing.crl", MintCrl(intermediate_, {}, now_ - kHour, now_ + std::chrono::minutes(10)));
  auto server = Server(leaf_);
  Check(*server);
  clock_.Advance(std::chrono::minutes(9));
  Check(*server);
  EXPECT_EQ(crl_.Hits("/issuing.crl"), 1);
  clock_.Advance(std::chrono::minutes(2));  // past nextUpdate, within the hour
  crl_.Serve("/issuing.crl", MintCrl(intermediate_, {SerialHex(leaf_)}, clock_.Now(), clock_.Now() + kDay));
  model::EndpointReport report = Check(*server);
  EXPECT_EQ(crl_.Hits("/issuing.crl"), 2);
  EXPECT_EQ(report.chain->crl[0].status, CrlStatus::kRevoked) << report.chain->crl[0].detail;
}

TEST_F(RevocationProbeTest, FailedFetchIsCachedBriefly) {
  crl_.Serve("/issuing.crl", {}, 503);
  auto server = Server(leaf_);
  Check(*server);
  model::EndpointReport cached = Check(*server);
  EXPECT_EQ(crl_.Hits("/issuing.crl"), 1);
  EXPECT_EQ(cached.chain->crl[0].status, CrlStatus::kUnavailable);
  EXPECT_EQ(cached.chain->crl[0].detail, "http_status: HTTP 503");
  crl_.Serve("/issuing.crl", MintCrl(intermediate_, {}, now_ - kHour, now_ + kDay));
  clock_.Advance(std::chrono::minutes(6));
  model::EndpointReport fresh = Check(*server);
  EXPECT_EQ(crl_.Hits("/issuing.crl"), 2);
  EXPECT_EQ(fresh.chain->crl[0].status, CrlStatus::kGood) << fresh.chain->crl[0].detail;
}

}  // namespace
}  // namespace lde::probe
