// Runs the daemon as a service: scrapes /metrics over HTTP, reloads with a
// bad and a good config (SIGHUP and POST /-/reload), stops on SIGTERM.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "integration/core/e2e_fixture.h"
#include "support/daemon/daemon_process.h"
#include "support/metrics_text/metrics_text.h"
#include "support/raw_http/gunzip.h"
#include "support/raw_http/raw_http_client.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;
using testsupport::CountSeries;
using testsupport::FindSample;

// Waits until every named target has finished at least one probe, reading
// the daemon's own log (no sleeping).
void WaitForProbes(DaemonProcess& daemon, const std::vector<std::string>& targets,
                   std::size_t from_line = 0) {
  for (const auto& target : targets) {
    auto line =
        daemon.WaitForLine(std::regex("probe finished\" target=" + target + " "), seconds(30), from_line);
    ASSERT_TRUE(line) << "no probe of " << target << " finished\n" << daemon.Stderr();
  }
}

// Counters exist from the first scrape, whether or not a probe finished yet
// (Prometheus's rate() needs the zero): every configured target has its
// probe, skip and error counters at once.
TEST(ServeTest, EveryTargetsCountersExistFromTheFirstScrape) {
  CoreLab lab;
  std::string config = lab.WriteFullConfig("config.yml");
  DaemonProcess daemon({DaemonBinary(), "--config.file=" + config, "--web.listen-address=127.0.0.1:0"});
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  auto metrics = HttpCall(*port, "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  for (const char* target : {"corp-app", "public-web", "stalled", "garbage"}) {
    SCOPED_TRACE(target);
    EXPECT_EQ(
        FindSample(metrics.body, "lyncdiscover_exporter_probe_runs_skipped_total", {{"target", target}}),
        0.0);
    EXPECT_EQ(FindSample(metrics.body, "lyncdiscover_exporter_probe_errors_total", {{"target", target}}),
              0.0);
    EXPECT_TRUE(FindSample(metrics.body, "lyncdiscover_exporter_probes_total",
                           {{"target", target}, {"result", "success"}})
                    .has_value());
    EXPECT_TRUE(FindSample(metrics.body, "lyncdiscover_exporter_probes_total",
                           {{"target", target}, {"result", "failure"}})
                    .has_value());
  }
}

// A shard that owns no name of the file: it says so at load, probes and
// serves none of them, and /probe names the shard in its 404. (Split by
// Python's hashlib md5 of the names, mod 3: corp-app 2, public-web 0,
// stalled 2, garbage 0; so shard 2/3 owns nothing.)
TEST(ServeTest, AShardThatOwnsNoNameSaysSoAndServesNone) {
  CoreLab lab;
  std::string config = lab.WriteFullConfig("config.yml");
  DaemonProcess daemon({DaemonBinary(), "--config.file=" + config, "--web.listen-address=127.0.0.1:0",
                        "--shard=2/3", "--vantage=dc-2"});
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  EXPECT_TRUE(
      daemon.WaitForLine(std::regex("level=warn msg=\"this instance probes nothing.* shard=2/3"), seconds(5)))
      << daemon.Stderr();
  auto metrics = HttpCall(*port, "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(FindSample(metrics.body, "lyncdiscover_exporter_targets",
                       {{"selection", "probed"}, {"vantage", "dc-2"}}),
            0.0);
  EXPECT_EQ(FindSample(metrics.body, "lyncdiscover_exporter_targets", {{"selection", "other_shard"}}), 4.0);
  EXPECT_EQ(CountSeries(metrics.body, "lyncdiscover_exporter_probes_total"), 0u);
  auto probe = HttpCall(*port, "GET", "/probe?target=corp-app");
  EXPECT_EQ(probe.status, 404);
  EXPECT_EQ(probe.body,
            "unknown target \"corp-app\": not in the configuration of this instance (shard 2/3, networks "
            "internal,external)\n");
}

// The daemon's command line on the lab's full config (written to
// config.yml), logging each probe, with the lifecycle endpoints.
std::vector<std::string> FullConfigDaemon(const CoreLab& lab) {
  return {DaemonBinary(), "--config.file=" + lab.WriteFullConfig("config.yml"),
          "--web.listen-address=127.0.0.1:0", "--log.level=debug", "--web.enable-lifecycle"};
}

TEST(ServeTest, ServesMetricsReloadsAndStops) {
  CoreLab lab;
  DaemonProcess daemon(FullConfigDaemon(lab));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  WaitForProbes(daemon, {"corp-app", "public-web", "stalled", "garbage"});

  auto metrics = HttpCall(*port, "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  std::string m = metrics.body;
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", "corp-app"}, {"trust_store", "enterprise"}, {"reason", "ok"}}),
            1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", "corp-app"}, {"trust_store", "public"}, {"reason", "unknown_issuer"}}),
            0.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_cert_hostname_match", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_complete", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(CountSeries(m, "lyncdiscover_cert_not_after_timestamp_seconds", {{"target", "corp-app"}}), 2u);
  EXPECT_EQ(CountSeries(m, "lyncdiscover_cert_info",
                        {{"target", "corp-app"}, {"position", "0"}, {"dnsnames", ",app.corp.test,"}}),
            1u);
  EXPECT_TRUE(FindSample(m, "probe_ssl_earliest_cert_expiry", {{"target", "corp-app"}}).has_value());
  EXPECT_EQ(CountSeries(m, "probe_tls_version_info", {{"target", "corp-app"}}), 1u);
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "public-web"}}), 1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_http_status_code", {{"target", "public-web"}}), 200.0);
  // The stalled and garbage servers fail with a reason, and still report.
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "stalled"}}), 0.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_probe_failure_info",
                       {{"target", "stalled"}, {"step", "tls"}, {"reason", "timeout"}}),
            1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_probe_failure_info", {{"target", "garbage"}, {"step", "tls"}}), 1.0);
  EXPECT_GE(
      FindSample(m, "lyncdiscover_exporter_probes_total", {{"target", "corp-app"}, {"result", "success"}})
          .value_or(0),
      1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_exporter_config_last_reload_successful"), 1.0);
  EXPECT_EQ(CountSeries(m, "lyncdiscover_exporter_build_info"), 1u);

  EXPECT_EQ(HttpCall(*port, "GET", "/-/healthy").status, 200);
  auto status = HttpCall(*port, "GET", "/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_NE(status.body.find("\"corp-app\""), std::string::npos);

  // A broken file: SIGHUP keeps the running config and says so.
  lab.WriteFile("config.yml", "targets: [ {name: x, url: \n");
  std::size_t mark = daemon.LineCount();
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(
      daemon.WaitForLine(std::regex("reload failed, keeping the previous configuration"), seconds(10), mark))
      << daemon.Stderr();
  m = HttpCall(*port, "GET", "/metrics").body;
  EXPECT_EQ(FindSample(m, "lyncdiscover_exporter_config_last_reload_successful"), 0.0);
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "corp-app"}}), 1.0);

  // A good file through POST /-/reload: removed targets leave no series.
  lab.WriteHealthyConfig("config.yml");
  EXPECT_EQ(HttpCall(*port, "GET", "/-/reload").status, 405);
  EXPECT_EQ(HttpCall(*port, "POST", "/-/reload").status, 200);
  m = HttpCall(*port, "GET", "/metrics").body;
  EXPECT_EQ(FindSample(m, "lyncdiscover_exporter_config_last_reload_successful"), 1.0);
  EXPECT_EQ(CountSeries(m, "probe_success", {{"target", "stalled"}}), 0u);
  EXPECT_EQ(CountSeries(m, "lyncdiscover_probe_failure_info", {{"target", "garbage"}}), 0u);
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "corp-app"}}), 1.0);

  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitForExit(seconds(15)), 0) << daemon.Stderr();
}

// The lines of the families a probe's findings make (not its durations,
// run times or the exporter's counters), sorted: what must agree between
// two scrapes of an estate whose findings hold still.
std::vector<std::string> FindingLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    for (const char* family :
         {"probe_success{", "lyncdiscover_cert_info{", "lyncdiscover_chain_trusted{",
          "lyncdiscover_probe_failure_info{", "probe_tls_version_info{", "lyncdiscover_http_status_code{"}) {
      if (line.rfind(family, 0) == 0) lines.push_back(line);
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// Gzipped scrapes come from the compressed pieces the daemon keeps between
// scrapes (scrape/gzip_scrape_cache.h): they must say what plain ones say,
// scrape after scrape, and drop a removed target at once.
TEST(ServeTest, GzipScrapesFromTheKeptPiecesAgreeWithPlainOnes) {
  CoreLab lab;
  DaemonProcess daemon(FullConfigDaemon(lab));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  WaitForProbes(daemon, {"corp-app", "public-web", "stalled", "garbage"});

  auto gzipped = [&] {
    auto r = RawGet(*port, "/metrics", "Accept-Encoding: gzip\r\n");
    EXPECT_TRUE(r && r->Header("content-encoding") == "gzip");
    return r ? Gunzip(r->body) : std::string();
  };
  const std::string first = gzipped();
  const std::string plain = HttpCall(*port, "GET", "/metrics").body;
  const std::string second = gzipped();  // from the cache the first one filled
  ASSERT_FALSE(FindingLines(plain).empty());
  EXPECT_EQ(FindingLines(first), FindingLines(plain));
  EXPECT_EQ(FindingLines(second), FindingLines(plain));
  EXPECT_EQ(FindSample(second, "probe_success", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(FindSample(second, "lyncdiscover_probe_failure_info",
                       {{"target", "stalled"}, {"step", "tls"}, {"reason", "timeout"}}),
            1.0);

  lab.WriteHealthyConfig("config.yml");
  EXPECT_EQ(HttpCall(*port, "POST", "/-/reload").status, 200);
  const std::string after = gzipped();
  EXPECT_EQ(CountSeries(after, "probe_success", {{"target", "stalled"}}), 0u);
  EXPECT_EQ(CountSeries(after, "lyncdiscover_probe_failure_info", {{"target", "garbage"}}), 0u);
  EXPECT_EQ(FindSample(after, "probe_success", {{"target", "corp-app"}}), 1.0);
  EXPECT_EQ(FindingLines(after), FindingLines(HttpCall(*port, "GET", "/metrics").body));

  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitForExit(seconds(15)), 0) << daemon.Stderr();
}

TEST(ServeTest, RefusesToStartOnABadConfigOrAnUnusableAddress) {
  CoreLab lab;
  std::string bad = lab.WriteFile("bad.yml", "global: {interval: soon}\n");
  DaemonProcess bad_config({DaemonBinary(), "--config.file=" + bad, "--web.listen-address=127.0.0.1:0"});
  EXPECT_EQ(bad_config.WaitForExit(seconds(15)), 2) << bad_config.Stderr();

  std::string good = lab.WriteHealthyConfig("ok.yml");
  DaemonProcess bad_address({DaemonBinary(), "--config.file=" + good, "--web.listen-address=999.1.1.1:80"});
  EXPECT_EQ(bad_address.WaitForExit(seconds(15)), 2) << bad_address.Stderr();
}

}  // namespace
}  // namespace lde::testing
