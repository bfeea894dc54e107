// The fault matrix, through the daemon binary: every hostile server of
// FaultLab is a target of one running daemon (concurrency 64, timeout 2 s),
// with a healthy https target and a healthy Lync deployment probed at the
// same time. After every target has finished two probes, one scrape of
// /metrics is judged per row: the probe ended within timeout + 0.5 s with the
// expected step and reason, the target's series and largest label value stay
// within the budgets, and the healthy targets kept succeeding.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <memory>
#include <regex>
#include <string>

#include "integration/fault_matrix/fault_lab.h"
#include "support/daemon/daemon_process.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::testing {
namespace {

using namespace std::chrono_literals;
using testsupport::CountSeries;
using testsupport::Exposition;
using testsupport::FindAll;
using testsupport::FindSample;

// A target's own series: a Lync deployment with one endpoint per hop, 16
// auth schemes and a few links renders about 120; 16 endpoints of one name
// about 200. Remote input must not push any target past this.
constexpr std::size_t kSeriesPerTargetBudget = 400;
// model/budgets.h: 1,024 bytes, plus the visible truncation marker.
constexpr std::size_t kLabelBudget = 1024 + 40;
constexpr auto kOvershoot = 500ms;

class FaultMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lab_ = new FaultLab();
    const std::string config = lab_->WriteConfig("faults.yml");
    daemon_ = new DaemonProcess({LDE_DAEMON_BINARY, "--config.file=" + config,
                                 "--web.listen-address=127.0.0.1:0", "--log.level=debug"});
    auto port = daemon_->WaitForPort(10s);
    ASSERT_TRUE(port) << daemon_->Stderr();
    // Two finished probes of every target: the first starts within an
    // interval, the second an interval later.
    for (const std::string& target : lab_->AllTargets()) {
      ASSERT_TRUE(daemon_->WaitForCount(std::regex("probe finished\" target=" + target + " "), 2,
                                        3 * FaultLab::kInterval + 10s))
          << target << " did not finish two probes";
    }
    text_ = new std::string(HttpCall(*port, "GET", "/metrics").body);
    auto parsed = testsupport::ParseExposition(*text_);
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
    exposition_ = new Exposition(std::move(parsed).value());
  }

  static void TearDownTestSuite() {
    delete exposition_;
    delete text_;
    delete daemon_;
    delete lab_;
  }

  void SetUp() override {
    if (exposition_ == nullptr) GTEST_SKIP() << "the suite set-up failed (see above)";
  }

  // Every sample of `target`, whatever the metric.
  static std::vector<testsupport::Sample> SeriesOf(const std::string& target) {
    std::vector<testsupport::Sample> out;
    for (const auto& sample : exposition_->samples) {
      auto it = sample.labels.find("target");
      if (it != sample.labels.end() && it->second == target) out.push_back(sample);
    }
    return out;
  }

  // What every row asserts; the row's own checks come after.
  static void ExpectBounded(const std::string& target) {
    SCOPED_TRACE(target);
    const FaultRow* row = lab_->Row(target);
    ASSERT_NE(row, nullptr);
    auto duration = FindSample(*exposition_, "probe_duration_seconds", {{"target", target}});
    ASSERT_TRUE(duration);
    EXPECT_LT(*duration, std::chrono::duration<double>(FaultLab::kTimeout + kOvershoot).count());

    if (row->step.empty()) {
      EXPECT_EQ(CountSeries(*exposition_, "lyncdiscover_probe_failure_info", {{"target", target}}), 0u);
    } else if (lab_->IsLync(target)) {
      EXPECT_EQ(FindSample(*exposition_, "lyncdiscover_signin_failure_info",
                           {{"target", target},
                            {"profile", FaultLab::kPhoneProfile},
                            {"step", row->step},
                            {"reason", row->reason}}),
                1)
          << Failures(target);
    } else {
      EXPECT_GE(CountSeries(*exposition_, "lyncdiscover_probe_failure_info",
                            {{"target", target}, {"step", row->step}, {"reason", row->reason}}),
                1u)
          << Failures(target);
    }

    const auto series = SeriesOf(target);
    EXPECT_LE(series.size(), kSeriesPerTargetBudget);
    std::size_t largest = 0;
    for (const auto& sample : series)
      for (const auto& [name, value] : sample.labels) largest = std::max(largest, value.size());
    EXPECT_LE(largest, kLabelBudget);

    ExpectHealthyKeptSucceeding();
  }

  static void ExpectHealthyKeptSucceeding() {
    for (const char* healthy : {FaultLab::kHealthyTarget, FaultLab::kHealthyLync}) {
      SCOPED_TRACE(healthy);
      EXPECT_EQ(FindSample(*exposition_, "probe_success", {{"target", healthy}}), 1) << Failures(healthy);
      EXPECT_GE(FindSample(*exposition_, "lyncdiscover_exporter_probes_total",
                           {{"target", healthy}, {"result", "success"}})
                    .value_or(0),
                2);
      EXPECT_EQ(FindSample(*exposition_, "lyncdiscover_exporter_probes_total",
                           {{"target", healthy}, {"result", "failure"}}),
                0);
    }
  }

  // The failure series of a target, for messages.
  static std::string Failures(const std::string& target) {
    std::string out;
    for (const char* name : {"lyncdiscover_probe_failure_info", "lyncdiscover_signin_failure_info"}) {
      for (const auto& sample : FindAll(*exposition_, name, {{"target", target}})) {
        out += std::string(name) + "{";
        for (const auto& [label, value] : sample.labels) out += label + "=\"" + value.substr(0, 80) + "\",";
        out += "}\n";
      }
    }
    return out.empty() ? "no failure series" : out;
  }

  static double Value(const std::string& name, const testsupport::LabelSubset& labels) {
    return FindSample(*exposition_, name, labels).value_or(-1);
  }

  static FaultLab* lab_;
  static DaemonProcess* daemon_;
  static std::string* text_;
  static Exposition* exposition_;
};

FaultLab* FaultMatrixTest::lab_ = nullptr;
DaemonProcess* FaultMatrixTest::daemon_ = nullptr;
std::string* FaultMatrixTest::text_ = nullptr;
Exposition* FaultMatrixTest::exposition_ = nullptr;

TEST_F(FaultMatrixTest, HealthyTargetsKeepSucceedingBesideEveryHostileOne) { ExpectHealthyKeptSucceeding(); }

TEST_F(FaultMatrixTest, AcceptThenSilence) { ExpectBounded("silent-accept"); }
TEST_F(FaultMatrixTest, SilenceAfterServerHello) { ExpectBounded("silent-after-hello"); }
TEST_F(FaultMatrixTest, ResetMidHandshake) { ExpectBounded("reset-handshake"); }
TEST_F(FaultMatrixTest, PlainHttpOnATlsPort) { ExpectBounded("plain-http-on-tls"); }
TEST_F(FaultMatrixTest, HandshakeOneBytePerSegment) { ExpectBounded("byte-per-segment"); }
TEST_F(FaultMatrixTest, DripBody) { ExpectBounded("drip-body"); }
TEST_F(FaultMatrixTest, ChunkExtensionDrip) { ExpectBounded("chunk-extension-drip"); }
TEST_F(FaultMatrixTest, EndlessHeaders) { ExpectBounded("endless-headers"); }
TEST_F(FaultMatrixTest, HugeHeaderLine) { ExpectBounded("huge-header-line"); }
TEST_F(FaultMatrixTest, ContentLengthLargerThanSent) { ExpectBounded("content-length-lies"); }

TEST_F(FaultMatrixTest, FourThousandARecordsProbeSixteenAddresses) {
  ExpectBounded("many-addresses");
  EXPECT_EQ(CountSeries(*exposition_, "lyncdiscover_probe_failure_info", {{"target", "many-addresses"}}),
            16u);
  EXPECT_EQ(Value("lyncdiscover_dns_addresses_skipped", {{"target", "many-addresses"}}),
            FaultLab::kManyAddresses - 16);
}

TEST_F(FaultMatrixTest, CnameLoop) { ExpectBounded("cname-loop"); }

TEST_F(FaultMatrixTest, FiftyCertificateChainIsTruncatedNotUnknownIssuer) {
  ExpectBounded("chain-50");
  EXPECT_EQ(CountSeries(*exposition_, "lyncdiscover_cert_info", {{"target", "chain-50"}}), 16u);
  EXPECT_EQ(Value("lyncdiscover_chain_trusted", {{"target", "chain-50"}, {"reason", "chain_truncated"}}), 0);
}

TEST_F(FaultMatrixTest, FiveThousandNameCertificateGetsABoundedDnsnamesLabel) {
  ExpectBounded("san-5000");
  auto info = FindAll(*exposition_, "lyncdiscover_cert_info", {{"target", "san-5000"}, {"position", "0"}});
  ASSERT_EQ(info.size(), 1u);
  const std::string& names = info[0].labels.at("dnsnames");
  EXPECT_NE(names.find(",fault.test,"), std::string::npos);
  EXPECT_NE(names.find("truncated"), std::string::npos) << names.substr(0, 200);
  EXPECT_EQ(Value("probe_success", {{"target", "san-5000"}}), 1);
}

TEST_F(FaultMatrixTest, CrlBombIsUnavailableAndNeverFailsTrust) {
  ExpectBounded("crl-bomb");
  EXPECT_EQ(Value("lyncdiscover_crl_status",
                  {{"target", "crl-bomb"}, {"position", "0"}, {"status", "unavailable"}}),
            1);
  EXPECT_EQ(Value("probe_success", {{"target", "crl-bomb"}}), 1);
}

TEST_F(FaultMatrixTest, AiaServerServingJunkIsReportedInvalid) {
  ExpectBounded("aia-junk");
  EXPECT_EQ(Value("lyncdiscover_aia_fetch_status", {{"target", "aia-junk"}, {"status", "invalid"}}), 1);
  // Healthy chains need no fetch: no series.
  EXPECT_EQ(
      CountSeries(*exposition_, "lyncdiscover_aia_fetch_status", {{"target", FaultLab::kHealthyTarget}}), 0u);
}

TEST_F(FaultMatrixTest, GzipBombIsNeverInflated) { ExpectBounded("gzip-bomb"); }
TEST_F(FaultMatrixTest, JsonNestingBomb) { ExpectBounded("json-bomb"); }

TEST_F(FaultMatrixTest, XmlNestingBombFailsOnlyTheXmlFlavour) {
  ExpectBounded("xml-bomb");
  EXPECT_EQ(Value("lyncdiscover_discovery_xml_success", {{"target", "xml-bomb"}}), 0);
  EXPECT_EQ(Value("lyncdiscover_mobile_signin_ready", {{"target", "xml-bomb"}}), 1);
}

TEST_F(FaultMatrixTest, ThirtyThousandLinks) {
  ExpectBounded("thirty-k-links");
  EXPECT_EQ(CountSeries(*exposition_, "lyncdiscover_discovery_link_info", {{"target", "thirty-k-links"}}),
            0u);
}

TEST_F(FaultMatrixTest, FourteenThousandAuthSchemesKeepSixteen) {
  ExpectBounded("auth-schemes");
  EXPECT_EQ(CountSeries(*exposition_, "lyncdiscover_user_auth_scheme_info", {{"target", "auth-schemes"}}),
            16u);
  EXPECT_EQ(Value("lyncdiscover_user_auth_schemes_dropped", {{"target", "auth-schemes"}}), 14001 - 16);
  EXPECT_EQ(Value("lyncdiscover_mobile_signin_ready", {{"target", "auth-schemes"}}), 1);
}

TEST_F(FaultMatrixTest, RedirectIntoLinkLocalIsRefused) { ExpectBounded("redirect-link-local"); }

TEST_F(FaultMatrixTest, TheWholeScrapeStaysSmallAndPassesPromtool) {
  EXPECT_LT(text_->size(), 512u * 1024);
  const std::string file = lab_->dir() + "/scrape.prom";
  std::ofstream(file) << *text_;
  CommandResult check =
      RunCommand({"/bin/sh", "-c", "/usr/bin/promtool check metrics < '" + file + "' 2>&1"}, 30s);
  EXPECT_EQ(check.exit_code, 0) << check.out;
}

// Last in the suite: after every hostile row the daemon still stops cleanly
// on SIGTERM (under AddressSanitizer, LeakSanitizer checks its heap at this
// exit).
TEST_F(FaultMatrixTest, TheDaemonStopsCleanlyAfterwards) {
  daemon_->Signal(SIGTERM);
  EXPECT_EQ(daemon_->WaitForExit(15s), 0) << daemon_->Stderr().substr(0, 4000);
  EXPECT_EQ(daemon_->Stderr().find("LeakSanitizer"), std::string::npos);
}

// The last row: a config that is a device.
TEST(FaultMatrixConfigTest, ConfigFromDevZeroIsRefusedWithAMessage) {
  CommandResult check =
      RunCommand({LDE_DAEMON_BINARY, "--config.check", "--config.file=/dev/zero"}, std::chrono::seconds(10));
  EXPECT_NE(check.exit_code, 0);
  EXPECT_NE((check.out + check.err).find("not a regular file"), std::string::npos) << check.out << check.err;
  DaemonProcess daemon({LDE_DAEMON_BINARY, "--config.file=/dev/zero", "--web.listen-address=127.0.0.1:0"});
  auto code = daemon.WaitForExit(std::chrono::seconds(10));
  ASSERT_TRUE(code);
  EXPECT_NE(*code, 0);
  EXPECT_NE(daemon.Stderr().find("not a regular file"), std::string::npos) << daemon.Stderr();
}

}  // namespace
}  // namespace lde::testing
