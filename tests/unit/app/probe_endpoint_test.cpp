// GET /probe without sockets: the answers that need no run (400, 404, 503
// before a config, 503 once stopped), the name lookup, and the 200 body
// built from a result, plain and with debug.

#include "app/probe_endpoint.h"

#include <gtest/gtest.h>

#include <sstream>

#include "config/config_loader.h"
#include "probe/probe_plan.h"

namespace lde::app {
namespace {

using namespace std::chrono_literals;

constexpr const char* kConfig =
    "global: {timeout: 3s}\n"
    "targets:\n"
    "  - {name: corp-app, url: \"tls://127.0.0.1:1\"}\n"
    "deployments:\n"
    "  - {domain: contoso.test, internal: {}, external: {}}\n";

class ProbeEndpointTest : public ::testing::Test {
 protected:
  ProbeEndpointTest() : log_(out_, LogLevel::kDebug, LogFormat::kLogfmt, clock_) {
    auto loaded = config::ParseConfigText(kConfig, "test.yaml", "");
    EXPECT_TRUE(loaded.ok()) << ::testing::PrintToString(loaded.errors);
    auto env = probe::BuildProbeEnv(loaded.config, clock_, &log_);
    EXPECT_TRUE(env.ok());
    env_ = env.value();
  }

  http::HttpResponse Get(const std::string& query, std::shared_ptr<const probe::ProbeEnv> env) {
    http::HttpRequest request;
    request.method = "GET";
    request.path = "/probe";
    request.query = query;
    return endpoint_.Answer(request, env);
  }

  SystemClock clock_;
  std::ostringstream out_;
  Logger log_;
  results::ResultStore store_;
  schedule::FlightTable flights_;
  ProbeEndpoint endpoint_{clock_, store_, flights_, log_, 1};
  std::shared_ptr<const probe::ProbeEnv> env_;
};

TEST_F(ProbeEndpointTest, BadQueriesAre400UnknownNamesAre404AndNothingRuns) {
  EXPECT_EQ(Get("", env_).status, 400);
  EXPECT_EQ(Get("debug=true", env_).status, 400);
  EXPECT_EQ(Get("target=%zz", env_).status, 400);
  EXPECT_EQ(Get("target=corp-app&target=corp-app", env_).status, 400);
  auto unknown = Get("target=x", env_);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "unknown target \"x\": not in the configuration\n");
  // Near misses are unknown too: names match exactly.
  for (const char* near : {"target=Corp-App", "target=corp-app+", "target=127.0.0.1",
                           "target=tls://127.0.0.1:1", "target=lyncdiscover.contoso.test"}) {
    SCOPED_TRACE(near);
    EXPECT_EQ(Get(near, env_).status, 404);
  }
  // A long name is quoted back cut to a bound.
  auto long_name = Get("target=" + std::string(1000, 'n'), env_);
  EXPECT_EQ(long_name.status, 404);
  EXPECT_LT(long_name.body.size(), 400u);
  EXPECT_TRUE(store_.Take().results.empty());
  EXPECT_EQ(flights_.size(), 0u);
}

TEST_F(ProbeEndpointTest, BeforeAConfigAndOnceStoppedItAnswers503) {
  EXPECT_EQ(Get("target=corp-app", nullptr).status, 503);
  endpoint_.Stop();
  auto stopped = Get("target=corp-app", env_);
  EXPECT_EQ(stopped.status, 503);
  EXPECT_NE(stopped.body.find("stopping"), std::string::npos);
  EXPECT_TRUE(store_.Take().results.empty());
}

TEST_F(ProbeEndpointTest, NamesAreTargetNamesAndDeploymentNamesWithTheirTimeouts) {
  auto target = probe::PlanProbe(env_, "corp-app");
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->timeout, 3s);
  auto deployment = probe::PlanProbe(env_, "contoso.test");  // a deployment's name defaults to its domain
  ASSERT_TRUE(deployment.has_value());
  EXPECT_EQ(deployment->timeout, 6s);  // per network
  EXPECT_FALSE(probe::PlanProbe(env_, "nope").has_value());
}

model::ProbeResult SampleResult() {
  model::ProbeResult r;
  r.target = "corp-app";
  r.kind = "tls";
  r.success = true;
  r.duration = 250ms;
  r.log = {"level=debug msg=\"tls handshake\" target=corp-app", "level=debug msg=\"probe finished\""};
  return r;
}

TEST(ProbeResultResponseTest, PlainIsTheTargetsSeriesInTheMetricsFormat) {
  auto r = ProbeResultResponse(SampleResult(), false);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("probe_success{target=\"corp-app\"} 1\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("# TYPE probe_success gauge\n"), std::string::npos);
  EXPECT_EQ(r.body.find("lyncdiscover_exporter_"), std::string::npos);
  EXPECT_EQ(r.body.find("tls handshake"), std::string::npos);
}

TEST(ProbeResultResponseTest, DebugIsTheLogLinesThenTheSeries) {
  auto r = ProbeResultResponse(SampleResult(), true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; charset=utf-8");
  auto logs = r.body.find("Logs for the probe:\nlevel=debug msg=\"tls handshake\" target=corp-app\n");
  auto metrics = r.body.find("Metrics that would have been returned:\n");
  auto sample = r.body.find("probe_success{target=\"corp-app\"} 1\n");
  EXPECT_EQ(logs, 0u) << r.body;
  ASSERT_NE(metrics, std::string::npos);
  EXPECT_LT(logs, metrics);
  EXPECT_LT(metrics, sample);
  EXPECT_NE(sample, std::string::npos);
}

}  // namespace
}  // namespace lde::app
