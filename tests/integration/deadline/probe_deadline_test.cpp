// A probe ends within its `timeout` + 0.5 s whatever the peer does, and says
// why with the reason operators alert on: through the planned target probe
// (probe::PlanProbes → probe::ProbeTarget → CheckEndpoint) run by the
// scheduler, which builds the deadline from the config's timeout on its
// clock; and through CheckEndpoint for a handshake sent a byte per segment.
// Hostile servers from tests/support/servers on 127.0.0.1; elapsed time is
// measured on the real steady clock around each run.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "probe/endpoint_check.h"
#include "probe/http_fetch.h"
#include "probe/probe_plan.h"
#include "schedule/scheduler.h"
#include "support/certs/cert_factory.h"
#include "support/dns/dnsmasq_server.h"
#include "support/servers/tls_test_server.h"
#include "x509/trust_store.h"

namespace lde::probe {
namespace {

using namespace std::chrono_literals;
using lde::testing::ServerBehaviour;
using lde::testing::TlsTestServer;
using lde::testing::TlsTestServerOptions;

constexpr char kHost[] = "lyncdiscover.contoso.test";
constexpr auto kTimeout = 1s;
constexpr auto kOvershoot = 500ms;

const lde::testing::TestPki& Pki() {
  static const lde::testing::TestPki pki = lde::testing::MakePki("Probe Deadline Test", kHost);
  return pki;
}

TlsTestServerOptions Tls(TlsTestServerOptions options) {
  options.tls = true;
  options.cert_chain_pem = lde::testing::PemBundle({&Pki().leaf, &Pki().intermediate});
  options.key_pem = Pki().leaf.key_pem;
  return options;
}

TlsTestServerOptions Streaming(std::string head, std::string unit, std::chrono::microseconds pace) {
  return Tls(lde::testing::StreamingServer(std::move(head), std::move(unit), pace, /*tls=*/true));
}

TlsTestServerOptions BytePerSegmentHandshake() {
  TlsTestServerOptions options;
  options.behaviour = ServerBehaviour::kHandshakeBytePerSegment;
  options.pace = 1ms;  // ~1.4 KB of handshake: well over a second
  return Tls(std::move(options));
}

struct TimedProbe {
  model::ProbeResult result;
  Duration elapsed;
};

class ProbeDeadlineTest : public ::testing::Test {
 protected:
  // An https target on the server's port (an IP literal: no DNS), probed
  // once the way the daemon does it: PlanProbes gives the run and its
  // timeout (global.timeout), the scheduler gives the run its deadline.
  TimedProbe ProbeThroughTheScheduler(const TlsTestServer& server) {
    auto config = std::make_shared<config::Config>();
    config->global.timeout = kTimeout;
    config::TargetConfig target;
    target.name = "hostile";
    target.scheme = config::TargetScheme::kHttps;
    target.host = "127.0.0.1";
    target.port = server.port();
    target.server_name = kHost;
    config->targets.push_back(target);
    auto env = BuildProbeEnv(config, clock_, nullptr);
    EXPECT_TRUE(env.ok()) << env.error().detail;
    if (!env.ok()) return {};

    std::vector<PlannedProbe> plan = PlanProbes(env.value());
    EXPECT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan.at(0).timeout, kTimeout);
    TimedProbe run;
    schedule::Scheduler scheduler(clock_, 1, [] { return 0.0; });
    scheduler.SetJobs({schedule::Job{plan[0].target, 1h, plan[0].timeout,
                                     [&](const Deadline& d) { run.result = plan[0].run(d); }}});
    const auto started = std::chrono::steady_clock::now();
    scheduler.RunOnceAll();
    run.elapsed = std::chrono::steady_clock::now() - started;
    return run;
  }

  SystemClock clock_;
};

struct HostileCase {
  const char* name;
  TlsTestServerOptions server;
  const char* step;  // where the probe gives up
};

TEST_F(ProbeDeadlineTest, EveryStallingPeerEndsTheProbeWithReasonTimeoutWithinTheTimeout) {
  const HostileCase cases[] = {
      {"handshake one byte per segment", BytePerSegmentHandshake(), "tls"},
      {"drip body, a byte every 100 ms",
       Streaming("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", "x", 100ms), "http"},
      {"one-byte chunks behind 4,000-byte extensions, 10 a second",
       Streaming("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                 "1;e=" + std::string(3996, 'a') + "\r\nx\r\n", 100ms),
       "http"},
      {"endless header lines, 10 a second", Streaming("HTTP/1.1 200 OK\r\n", "X-Filler: yes\r\n", 100ms),
       "http"},
      {"Content-Length larger than sent, then silence",
       Streaming("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the start", "", 100ms), "http"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TlsTestServer server(c.server);
    TimedProbe run = ProbeThroughTheScheduler(server);
    EXPECT_LT(run.elapsed, kTimeout + kOvershoot);
    EXPECT_FALSE(run.result.success);
    ASSERT_EQ(run.result.endpoints.size(), 1u);
    const auto& failure = run.result.endpoints[0].failure;
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(model::StepName(failure->step), c.step) << failure->detail;
    EXPECT_EQ(failure->reason, model::Reason::kTimeout) << failure->detail;
    EXPECT_LT(run.result.duration, kTimeout + kOvershoot);
  }
}

TEST_F(ProbeDeadlineTest, AChunkExtensionFloodEndsByTheWireBudgetLongBeforeTheTimeout) {
  TlsTestServer server(Streaming("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                 "1;e=" + std::string(3996, 'a') + "\r\nx\r\n", 0us));
  TimedProbe run = ProbeThroughTheScheduler(server);
  EXPECT_LT(run.elapsed, kTimeout);
  ASSERT_EQ(run.result.endpoints.size(), 1u);
  const auto& failure = run.result.endpoints[0].failure;
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->step, model::Step::kHttp);
  EXPECT_EQ(failure->reason, model::Reason::kHttpProtocol) << failure->detail;
  EXPECT_NE(failure->detail.find("wire budget"), std::string::npos) << failure->detail;
}

TEST_F(ProbeDeadlineTest, CheckEndpointGivesUpOnAByteBySegmentHandshakeAtItsDeadline) {
  TlsTestServer server(BytePerSegmentHandshake());
  auto config = std::make_shared<config::Config>();
  auto env = BuildProbeEnv(config, clock_, nullptr);
  ASSERT_TRUE(env.ok()) << env.error().detail;
  EndpointCheckSpec spec;
  spec.endpoint = model::Endpoint{kHost, "127.0.0.1", server.port()};
  spec.sni = kHost;
  spec.expected_host = kHost;
  const auto started = std::chrono::steady_clock::now();
  model::EndpointReport report = CheckEndpoint(spec, *env.value(), Deadline::After(clock_, kTimeout));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, kTimeout - 10ms);
  EXPECT_LT(elapsed, kTimeout + kOvershoot);
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_EQ(report.failure->step, model::Step::kTls);
  EXPECT_EQ(report.failure->reason, model::Reason::kTimeout) << report.failure->detail;
  EXPECT_FALSE(report.tls.has_value());
}

TEST_F(ProbeDeadlineTest, ACrlServerThatDripsCostsOnlyItsShareOfTheDeadline) {
  // The plain-http fetch of a CRL distribution point (probe/http_fetch) runs
  // on a sub-deadline of the probe's: a server that sends a byte every 100 ms
  // ends the fetch as a timeout, and the endpoint check within its own.
  TlsTestServer dripper(
      lde::testing::StreamingServer("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", "x", 100ms));
  lde::testing::CertSpec leaf_spec;
  leaf_spec.common_name = kHost;
  leaf_spec.dns_names = {kHost};
  leaf_spec.crl_urls = {"http://127.0.0.1:" + std::to_string(dripper.port()) + "/slow.crl"};
  const lde::testing::MintedCert leaf = lde::testing::MintSigned(leaf_spec, Pki().intermediate);
  TlsTestServerOptions options;
  options.cert_chain_pem = lde::testing::PemBundle({&leaf, &Pki().intermediate});
  options.key_pem = leaf.key_pem;
  TlsTestServer server(options);

  auto store = x509::TrustStore::FromPem("enterprise", Pki().root.pem);
  ASSERT_TRUE(store.ok()) << store.error().detail;
  auto env = BuildProbeEnv(std::make_shared<config::Config>(), clock_, nullptr);
  ASSERT_TRUE(env.ok()) << env.error().detail;
  EndpointCheckSpec spec;
  spec.endpoint = model::Endpoint{kHost, "127.0.0.1", server.port()};
  spec.sni = kHost;
  spec.expected_host = kHost;
  spec.stores = {store.value()};
  http_client::HttpRequest request;
  request.host_header = kHost;
  spec.request = request;
  const auto budget = 3s;
  const auto started = std::chrono::steady_clock::now();
  model::EndpointReport report = CheckEndpoint(spec, *env.value(), Deadline::After(clock_, budget));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, budget + kOvershoot);
  ASSERT_FALSE(report.failure.has_value()) << report.failure->detail;
  ASSERT_TRUE(report.chain.has_value());
  ASSERT_FALSE(report.chain->crl.empty());
  EXPECT_EQ(report.chain->crl[0].status, model::CrlStatus::kUnavailable);
  EXPECT_EQ(report.chain->crl[0].detail.rfind("timeout", 0), 0u) << report.chain->crl[0].detail;
  EXPECT_GE(dripper.accepted_connections(), 1);
}

TEST_F(ProbeDeadlineTest, AFetchWhoseLookupRunsOutOfTimeEndsAsATimeoutNotADnsError) {
  // A CRL or AIA host whose DNS server never answers: the lookup ends at the
  // deadline, and the fetch says timeout, as every other step would.
  lde::testing::SilentUdpServer silent;
  auto config = std::make_shared<config::Config>();
  config->resolvers.push_back(config::ResolverConfig{"silent", {silent.server()}});
  auto env = BuildProbeEnv(config, clock_, nullptr);
  ASSERT_TRUE(env.ok()) << env.error().detail;
  const auto started = std::chrono::steady_clock::now();
  auto body = HttpGetBody("http://crl.contoso.test/issuing.crl", "silent", "127.0.0.1", 1024, *env.value(),
                          Deadline::After(clock_, kTimeout));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, kTimeout + kOvershoot);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().kind, ErrorKind::kTimeout) << body.error().detail;
}

}  // namespace
}  // namespace lde::probe
