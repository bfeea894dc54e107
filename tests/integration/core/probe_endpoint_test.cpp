// GET /probe through the daemon binary: one target's series only, debug
// output, the 4xx answers, a stalled target within its bound, single flight
// (observed as connections the test server accepted and "probe finished"
// lines), a burst beyond the lanes refused at once, and a reload during a
// run. Synchronised on the daemon's log lines, never on sleeps.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <regex>
#include <thread>
#include <vector>

#include "integration/core/e2e_fixture.h"
#include "support/daemon/daemon_process.h"
#include "support/metrics_text/metrics_text.h"
#include "support/raw_http/raw_http_client.h"

namespace lde::testing {
namespace {

using namespace std::chrono_literals;
using testsupport::CountSeries;
using testsupport::FindSample;
using testsupport::ParseExposition;
using Clock = std::chrono::steady_clock;

constexpr auto kHttpWait = 15s;  // bound of every request below; answers come far sooner
// What the daemon adds to a target's timeout before it answers 504
// (app/probe_endpoint.h kProbeWaitMargin), and what the test allows on top
// for the client's own connect and read.
constexpr auto kWaitMargin = 1s;
constexpr auto kClientSlack = 500ms;

class ProbeEndpointTest : public ::testing::Test {
 protected:
  void StartDaemon(std::chrono::seconds timeout, int extra_stalled) {
    config_ = lab_.WriteOnDemandConfig("config.yml", timeout, extra_stalled);
    daemon_ = std::make_unique<DaemonProcess>(std::vector<std::string>{
        DaemonBinary(), "--config.file=" + config_, "--web.listen-address=127.0.0.1:0", "--log.level=debug",
        "--web.enable-lifecycle"});
    auto port = daemon_->WaitForPort(20s);
    ASSERT_TRUE(port) << daemon_->Stderr();
    port_ = *port;
  }

  RawResponse Get(const std::string& path) {
    auto r = RawGet(port_, path, "", "127.0.0.1", kHttpWait);
    if (!r) {
      ADD_FAILURE() << "no answer to " << path;
      return {};
    }
    return *r;
  }

  // Asynchronously, with the time it took.
  std::future<std::pair<RawResponse, Clock::duration>> GetLater(const std::string& path) {
    return std::async(std::launch::async, [this, path] {
      auto start = Clock::now();
      RawResponse r = Get(path);
      return std::make_pair(r, Clock::now() - start);
    });
  }

  std::size_t Count(const std::string& pattern) const { return daemon_->CountLines(std::regex(pattern)); }

  void TearDown() override {
    if (!daemon_) return;
    daemon_->Signal(SIGTERM);
    EXPECT_EQ(daemon_->WaitForExit(20s), 0) << daemon_->Stderr();
  }

  CoreLab lab_;
  std::string config_;
  std::unique_ptr<DaemonProcess> daemon_;
  std::uint16_t port_ = 0;
};

TEST_F(ProbeEndpointTest, AnswersOneTargetsSeriesOnlyAndStoresTheResult) {
  StartDaemon(CoreLab::kTimeout, 0);
  const int connections = lab_.corp_connections();
  RawResponse r = Get("/probe?target=corp-app");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_GE(lab_.corp_connections(), connections + 1);  // it ran now

  auto parsed = ParseExposition(r.body);
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  const auto& m = parsed.value();
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", "corp-app"}, {"trust_store", "enterprise"}, {"reason", "ok"}}),
            1.0);
  EXPECT_EQ(CountSeries(m, "lyncdiscover_cert_not_after_timestamp_seconds", {{"target", "corp-app"}}), 2u);
  ASSERT_FALSE(m.samples.empty());
  for (const auto& sample : m.samples) {
    EXPECT_EQ(sample.labels.count("target") ? sample.labels.at("target") : "", "corp-app") << sample.name;
    EXPECT_FALSE(sample.name.starts_with("lyncdiscover_exporter_")) << sample.name;
    EXPECT_FALSE(sample.name.starts_with("process_")) << sample.name;
  }

  // Valid for Prometheus's own checker.
  const std::string file = lab_.WriteFile("probe.prom", r.body);
  CommandResult check =
      RunCommand({"/bin/sh", "-c", "/usr/bin/promtool check metrics < '" + file + "' 2>&1"}, 30s);
  EXPECT_EQ(check.exit_code, 0) << check.out;

  // Stored as the newest result, and counted.
  std::string metrics = Get("/metrics").body;
  EXPECT_EQ(FindSample(metrics, "probe_success", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(FindSample(metrics, "lyncdiscover_exporter_http_requests_total",
                       {{"handler", "/probe"}, {"code", "200"}}),
            1.0);

  // debug=true: the probe's log lines, then the same series.
  RawResponse debug = Get("/probe?target=corp-app&debug=true");
  ASSERT_EQ(debug.status, 200);
  EXPECT_EQ(debug.Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(debug.body.rfind("Logs for the probe:\n", 0), 0u) << debug.body;
  auto log_line = debug.body.find("probe finished success=true");
  auto metrics_part = debug.body.find("Metrics that would have been returned:\n");
  auto sample = debug.body.find("probe_success{target=\"corp-app\"} 1\n");
  EXPECT_NE(log_line, std::string::npos) << debug.body;
  EXPECT_LT(log_line, metrics_part);
  EXPECT_NE(sample, std::string::npos);
  EXPECT_LT(metrics_part, sample);
}

TEST_F(ProbeEndpointTest, RefusesWhatIsNotAConfiguredNameWithAClearAnswer) {
  StartDaemon(CoreLab::kTimeout, 0);
  RawResponse unknown = Get("/probe?target=x");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "unknown target \"x\": not in the configuration\n");
  // No way to name something outside the config.
  for (const char* path : {"/probe?target=127.0.0.1", "/probe?target=tls%3A%2F%2F127.0.0.1%3A1",
                           "/probe?url=https://169.254.169.254/&target=nope"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(Get(path).status, 404);
  }
  RawResponse missing = Get("/probe");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("missing target parameter"), std::string::npos) << missing.body;
  EXPECT_EQ(Get("/probe?debug=true").status, 400);
  for (const char* path :
       {"/probe?target=%zz", "/probe?target=corp-app%", "/probe?target=corp%2-app",
        "/probe?target=corp-app%00", "/probe?target=%C3", "/probe?target=corp-app&debug=1"}) {
    SCOPED_TRACE(path);
    RawResponse bad = Get(path);
    EXPECT_EQ(bad.status, 400);
  }
  EXPECT_EQ(Get("/probe?t%61rget=corp-%61pp").status, 200);  // correct escapes are decoded

  std::string metrics = Get("/metrics").body;
  EXPECT_EQ(FindSample(metrics, "lyncdiscover_exporter_http_requests_total",
                       {{"handler", "/probe"}, {"code", "404"}}),
            4.0);
  EXPECT_EQ(FindSample(metrics, "lyncdiscover_exporter_http_requests_total",
                       {{"handler", "/probe"}, {"code", "400"}}),
            8.0);
}

// Two requests for a target that stalls: the second arrives while the first
// one's run is under way and joins it. One connection, one "probe finished",
// the same answer for both, within the timeout and its margin.
TEST_F(ProbeEndpointTest, ConcurrentRequestsShareOneRunAndAStalledTargetAnswersInTime) {
  StartDaemon(CoreLab::kTimeout, 0);
  const int connections = lab_.stall_connections();
  const std::string finished = "probe finished\" target=stalled ";
  const std::size_t runs = Count(finished);
  const std::size_t mark = daemon_->LineCount();

  auto first = GetLater("/probe?target=stalled");
  ASSERT_TRUE(daemon_->WaitForLine(std::regex("probe request\" target=stalled run=started"), kHttpWait, mark))
      << daemon_->Stderr();
  auto second = GetLater("/probe?target=stalled");
  auto [a, a_took] = first.get();
  auto [b, b_took] = second.get();

  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.body, b.body);  // one result
  EXPECT_EQ(FindSample(a.body, "probe_success", {{"target", "stalled"}}), 0.0);
  EXPECT_EQ(FindSample(a.body, "lyncdiscover_probe_failure_info",
                       {{"target", "stalled"}, {"step", "tls"}, {"reason", "timeout"}}),
            1.0);
  EXPECT_LT(a_took, CoreLab::kTimeout + kWaitMargin + kClientSlack);
  EXPECT_LT(b_took, CoreLab::kTimeout + kWaitMargin + kClientSlack);
  EXPECT_EQ(Count("probe request\" target=stalled run=joined"), 1u) << daemon_->Stderr();

  EXPECT_EQ(lab_.stall_connections(), connections + 1);
  EXPECT_EQ(Count(finished), runs + 1) << daemon_->Stderr();
}

// Four runs hold every lane; a burst for other targets meanwhile is refused
// at once (503 with Retry-After), starts nothing, and the four still answer.
TEST_F(ProbeEndpointTest, ABurstBeyondTheLanesIsRefusedAtOnce) {
  constexpr int kLanes = 4;  // app/probe_endpoint.h kProbeLanes
  constexpr int kBurst = 24;
  const std::chrono::seconds timeout{4};
  StartDaemon(timeout, 12);
  const int connections = lab_.stall_connections();

  std::vector<std::future<std::pair<RawResponse, Clock::duration>>> held;
  for (int i = 0; i < kLanes; ++i) {
    held.push_back(GetLater(i == 0 ? "/probe?target=stalled" : "/probe?target=stalled-" + std::to_string(i)));
  }
  ASSERT_TRUE(
      daemon_->WaitForCount(std::regex("probe request\" target=stalled.* run=started"), kLanes, kHttpWait))
      << daemon_->Stderr();

  auto burst_start = Clock::now();
  std::vector<std::future<std::pair<RawResponse, Clock::duration>>> burst;
  for (int i = 0; i < kBurst; ++i) {
    burst.push_back(GetLater("/probe?target=stalled-" + std::to_string(kLanes + i % (12 - kLanes + 1))));
  }
  for (auto& f : burst) {
    auto [r, took] = f.get();
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.Header("retry-after"), "1");
    EXPECT_LT(took, 2s);
    // Refused by the lanes, or before them by the server's pool for
    // waiting requests: either way at once.
    EXPECT_TRUE(r.body.starts_with("too many /probe runs in progress") || r.body.starts_with("Server busy"))
        << r.body;
  }
  auto burst_took = Clock::now() - burst_start;
  EXPECT_LT(burst_took, timeout);                             // the held runs were still going throughout
  EXPECT_EQ(lab_.stall_connections(), connections + kLanes);  // the burst started no run

  for (auto& f : held) {
    auto [r, took] = f.get();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_LT(took, timeout + kWaitMargin + kClientSlack);
  }
  std::string metrics = Get("/metrics").body;
  EXPECT_EQ(FindSample(metrics, "lyncdiscover_exporter_http_requests_total",
                       {{"handler", "/probe"}, {"code", "503"}}),
            static_cast<double>(kBurst));
  // Lanes free again: the next request runs.
  EXPECT_EQ(Get("/probe?target=corp-app").status, 200);
}

// A reload that removes the target while its /probe run is under way: the
// run finishes on the config it started with and is answered; the removed
// target leaves no series; the new config answers 404 for it.
TEST_F(ProbeEndpointTest, AReloadDuringARunKeepsTheRunsConfig) {
  StartDaemon(CoreLab::kTimeout, 0);
  const std::size_t mark = daemon_->LineCount();
  auto pending = GetLater("/probe?target=stalled");
  ASSERT_TRUE(daemon_->WaitForLine(std::regex("probe request\" target=stalled run=started"), kHttpWait, mark))
      << daemon_->Stderr();
  lab_.WriteHealthyConfig("config.yml");
  RawHttpClient reload(port_);
  ASSERT_TRUE(reload.Send("POST /-/reload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n"));
  auto reloaded = reload.ReadResponse(kHttpWait);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->status, 200) << reloaded->body;

  auto [r, took] = pending.get();
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(FindSample(r.body, "probe_success", {{"target", "stalled"}}), 0.0);
  EXPECT_EQ(CountSeries(Get("/metrics").body, "probe_success", {{"target", "stalled"}}), 0u);
  EXPECT_EQ(Get("/probe?target=stalled").status, 404);
  EXPECT_EQ(Get("/probe?target=corp-app").status, 200);
}

}  // namespace
}  // namespace lde::testing
