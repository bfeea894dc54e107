#include <gtest/gtest.h>

#include <string>

#include "metrics/names.h"
#include "metrics/render.h"
#include "model/budgets.h"
#include "sample_results.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::metrics {
namespace {

using testsupport::CountSeries;
using testsupport::Exposition;
using testsupport::FindSample;
using testsupport::LabelSubset;

class RenderMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = RenderText(testdata::FullSnapshot(), testdata::SampleState());
    auto parsed = testsupport::ParseExposition(text_);
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail << "\n" << text_;
    exp_ = std::move(parsed).value();
  }

  // Labels of the discovery_external endpoint of "contoso".
  static LabelSubset Disc(LabelSubset extra = {}) {
    LabelSubset labels{{"target", "contoso"},
                       {"endpoint", "lyncdiscover.contoso.com:443"},
                       {"address", "192.0.2.10"},
                       {"role", "discovery_external"}};
    labels.insert(labels.end(), extra.begin(), extra.end());
    return labels;
  }

  std::string text_;
  Exposition exp_;
};

TEST_F(RenderMetricsTest, TargetLevelSeries) {
  EXPECT_EQ(FindSample(exp_, "probe_success", {{"target", "contoso"}}), 0);
  EXPECT_EQ(FindSample(exp_, "probe_duration_seconds", {{"target", "contoso"}}), 1.5);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_probe_last_run_timestamp_seconds", {{"target", "contoso"}}),
            testdata::Epoch2024Seconds() + 1.5);
  EXPECT_EQ(FindSample(exp_, "probe_success", {{"target", "broken"}}), 0);
  EXPECT_EQ(FindSample(exp_, "probe_duration_seconds", {{"target", "broken"}}), 0.25);
  EXPECT_EQ(CountSeries(exp_, "probe_success"), 2u);
}

TEST_F(RenderMetricsTest, ProbeCountersHaveBothResults) {
  EXPECT_EQ(exp_.types.at("lyncdiscover_exporter_probes_total"), "counter");
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_exporter_probes_total", {{"target", "contoso"}, {"result", "success"}}),
      3);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_exporter_probes_total", {{"target", "contoso"}, {"result", "failure"}}),
      2);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_exporter_probes_total", {{"target", "broken"}, {"result", "success"}}),
      0);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_exporter_probes_total", {{"target", "broken"}, {"result", "failure"}}),
      4);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_probe_runs_skipped_total", {{"target", "contoso"}}), 2);
  // The scheduler lists only what it counted; every target of the store has
  // its series, at 0 when not listed.
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_probe_runs_skipped_total", {{"target", "broken"}}), 0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_exporter_probe_runs_skipped_total"), 2u);
}

// Between a reload's two steps the scheduler may list a target the store
// no longer holds: it is written too, and the family stays in target order
// (the text writer's grouping relies on it).
TEST(RenderPerTargetCountTest, ListedTargetsTheStoreLacksAreMergedInOrder) {
  results::ResultStore::Snapshot snap;
  snap.counts = {{"b", {1, 0}}, {"d", {0, 1}}};
  ExporterState state;
  state.skipped_runs = {{"a", 1}, {"c", 3}, {"d", 4}, {"e", 5}};
  const std::string text = RenderText(snap, state);
  const std::string name = "lyncdiscover_exporter_probe_runs_skipped_total";
  std::string lines;
  for (std::size_t at = text.find("\n" + name + "{"); at != std::string::npos;
       at = text.find("\n" + name + "{", at + 1)) {
    lines += text.substr(at + 1, text.find('\n', at + 1) - at);
  }
  EXPECT_EQ(lines, name + "{target=\"a\"} 1\n" + name + "{target=\"b\"} 0\n" + name + "{target=\"c\"} 3\n" +
                       name + "{target=\"d\"} 4\n" + name + "{target=\"e\"} 5\n");
}

TEST_F(RenderMetricsTest, ProbeErrorsPerTarget) {
  EXPECT_EQ(exp_.types.at("lyncdiscover_exporter_probe_errors_total"), "counter");
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_probe_errors_total", {{"target", "broken"}}), 1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_probe_errors_total", {{"target", "contoso"}}), 0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_exporter_probe_errors_total"), 2u);
}

TEST_F(RenderMetricsTest, DnsSeriesPerHostAndResolver) {
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_dns_lookup_success",
                       {{"target", "contoso"}, {"host", "lyncdiscover.contoso.com"}, {"resolver", "system"}}),
            1);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_dns_lookup_success",
                 {{"target", "contoso"}, {"host", "lyncdiscoverinternal.contoso.com"}, {"resolver", "corp"}}),
      0);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_dns_lookup_seconds",
                       {{"target", "contoso"}, {"host", "lyncdiscover.contoso.com"}}),
            0.02);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_dns_lookup_success", {{"target", "broken"}}), 0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_dns_lookup_success"), 3u);
}

TEST_F(RenderMetricsTest, TargetLevelFailureHasEmptyEndpoint) {
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_probe_failure_info",
                       {{"target", "broken"},
                        {"endpoint", ""},
                        {"address", ""},
                        {"role", ""},
                        {"step", "dns"},
                        {"reason", "nxdomain"}}),
            1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_probe_failure_info", {{"target", "broken"}}), 1u);
}

TEST_F(RenderMetricsTest, FailedEndpointHasFailureInfoAndNoTlsSeries) {
  LabelSubset web{{"target", "contoso"},
                  {"endpoint", "webext.contoso.com:443"},
                  {"address", "192.0.2.20"},
                  {"role", "web_external"}};
  LabelSubset failure = web;
  failure.insert(failure.end(), {{"step", "connect"}, {"reason", "connection_refused"}});
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_probe_failure_info", failure), 1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_probe_failure_info", {{"target", "contoso"}}), 1u);
  EXPECT_EQ(CountSeries(exp_, "probe_tls_version_info", web), 0u);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_http_status_code", web), 0u);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_info", web), 0u);
}

TEST_F(RenderMetricsTest, TlsAndHttpSeries) {
  EXPECT_EQ(FindSample(exp_, "probe_tls_version_info", Disc({{"version", "TLS 1.2"}})), 1);
  EXPECT_EQ(CountSeries(exp_, "probe_tls_version_info"), 1u);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_tls_handshake_seconds", Disc()), 0.05);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_http_status_code", Disc()), 200);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_http_duration_seconds", Disc()), 0.03);
}

TEST_F(RenderMetricsTest, EveryPresentedCertificateHasDatesAndInfo) {
  const double day = 86400;
  const double t0 = testdata::Epoch2024Seconds();
  EXPECT_EQ(FindSample(exp_, "probe_ssl_earliest_cert_expiry", Disc()), t0 + 60 * day);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_not_after_timestamp_seconds", Disc({{"position", "0"}})),
            t0 + 90 * day);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_not_after_timestamp_seconds", Disc({{"position", "1"}})),
            t0 + 60 * day);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_not_after_timestamp_seconds", Disc({{"position", "2"}})),
            t0 + 3650 * day);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_not_before_timestamp_seconds", Disc({{"position", "2"}})),
            t0 - 30 * day);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_not_after_timestamp_seconds"), 3u);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_not_before_timestamp_seconds"), 3u);

  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_info",
                       Disc({{"position", "0"},
                             {"subject", "CN=lyncdiscover.contoso.com"},
                             {"issuer", "CN=Contoso Issuing CA"},
                             {"serial", "0a01"},
                             {"sha256", std::string(64, '0')},
                             {"dnsnames", ",lyncdiscover.contoso.com,lyncdiscoverinternal.contoso.com,"}})),
            1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_info",
                       Disc({{"position", "1"}, {"serial", "0b02"}, {"dnsnames", ""}})),
            1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_info"), 3u);
}

TEST_F(RenderMetricsTest, EveryPresentedCertificateIsDescribedByItsCryptography) {
  EXPECT_EQ(
      FindSample(
          exp_, "lyncdiscover_cert_info",
          Disc({{"position", "0"}, {"key_type", "rsa"}, {"signature_algorithm", "sha256WithRSAEncryption"}})),
      1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_key_size", Disc({{"position", "1"}})), 2048);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_key_size"), CountSeries(exp_, "lyncdiscover_cert_info"));
}

TEST_F(RenderMetricsTest, TrustIsJudgedPerStoreWithReason) {
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_chain_trusted", Disc({{"trust_store", "public"}, {"reason", "ok"}})), 1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_chain_trusted",
                       Disc({{"trust_store", "enterprise"}, {"reason", "unknown_issuer"}})),
            0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_chain_trusted"), 2u);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_hostname_match", Disc()), 1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_chain_complete", Disc()), 1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_chain_ordered", Disc()), 0);
}

TEST_F(RenderMetricsTest, EveryMissingRequiredNameIsOneSeries) {
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_san_missing", Disc({{"name", "lyncdiscover.fabrikam.com"}})),
            1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_cert_san_missing", Disc({{"name", "webext.contoso.com"}})), 1);
  // Only what is missing: the names the certificate carries get no series,
  // and neither does an endpoint that was not judged (no handshake).
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_san_missing"), 2u);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_san_missing", {{"name", "lyncdiscover.contoso.com"}}), 0u);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_cert_san_missing", {{"role", "web_external"}}), 0u);
}

TEST_F(RenderMetricsTest, LyncNetworkSeries) {
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_discovery_success", {{"target", "contoso"}, {"network", "external"}}),
      1);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_discovery_success", {{"target", "contoso"}, {"network", "internal"}}),
      0);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_ucwa_oauth_challenge", {{"network", "external"}}), 1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_ucwa_oauth_challenge", {{"network", "internal"}}), 0);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_discovery_link_info",
                       {{"target", "contoso"},
                        {"network", "external"},
                        {"rel", "xframe"},
                        {"href", "https://webext.contoso.com/Autodiscover/XFrame/XFrame.html"}}),
            1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_discovery_link_info"), 3u);
  // The XML flavour is reported only where it was tried.
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_discovery_xml_success", {{"network", "external"}}), 0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_discovery_xml_success", {{"network", "internal"}}), 0u);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_user_auth_scheme_info",
                       {{"target", "contoso"}, {"network", "external"}, {"scheme", "MsRtcOAuth"}}),
            1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_user_auth_scheme_info"), 2u);

  EXPECT_EQ(FindSample(exp_, "lyncdiscover_mobile_signin_ready",
                       {{"network", "external"}, {"profile", "lync2013"}}),
            1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_mobile_signin_ready",
                       {{"network", "external"}, {"profile", "lync2010"}}),
            0);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_mobile_signin_ready",
                       {{"network", "internal"}, {"profile", "lync2013"}}),
            0);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_signin_failure_info",
                       {{"target", "contoso"},
                        {"network", "external"},
                        {"profile", "lync2010"},
                        {"step", "tls"},
                        {"reason", "unknown_issuer"}}),
            1);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_signin_failure_info",
                 {{"network", "internal"}, {"profile", "lync2013"}, {"step", "dns"}, {"reason", "nxdomain"}}),
      1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_signin_failure_info"), 2u);
  // Which leg each profile's document came over: both legs for a profile
  // that reached one, none for a profile that broke before it.
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_discovery_leg_used",
                 {{"target", "contoso"}, {"network", "external"}, {"profile", "lync2013"}, {"leg", "http"}}),
      1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_discovery_leg_used",
                       {{"network", "external"}, {"profile", "lync2013"}, {"leg", "https"}}),
            0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_discovery_leg_used"), 2u);
}

// The authenticated sign-in: success per network, the failing step and
// reason, and the time of every step attempted.
TEST_F(RenderMetricsTest, UcwaSigninSeries) {
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_ucwa_signin_success", {{"target", "contoso"}, {"network", "external"}}),
      1);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_ucwa_signin_success", {{"target", "contoso"}, {"network", "internal"}}),
      0);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_ucwa_signin_success"), 2u);  // not for targets without auth
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_ucwa_signin_failure_info",
                       {{"network", "internal"}, {"step", "applications"}, {"reason", "http_status"}}),
            1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_ucwa_signin_failure_info"), 1u);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_ucwa_signin_step_duration_seconds",
                       {{"network", "external"}, {"step", "applications"}}),
            0.5);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_ucwa_signin_step_duration_seconds",
                       {{"network", "external"}, {"step", "delete"}}),
            0.05);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_ucwa_signin_step_duration_seconds"), 7u);
}

TEST_F(RenderMetricsTest, ExporterSelfMetrics) {
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_build_info",
                       {{"version", "0.1.0-test"}, {"revision", "abc1234"}, {"compiler", "GNU 12.2.0"}}),
            1);
  EXPECT_EQ(CountSeries(exp_, "lyncdiscover_exporter_build_info"), 1u);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_config_last_reload_successful"), 1);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_config_last_reload_success_timestamp_seconds"),
            testdata::Epoch2024Seconds() - 3600);
}

// Named, typed and described as client_golang's process collector does, so
// dashboards and alerts written for other exporters work unchanged.
TEST_F(RenderMetricsTest, ProcessMetricsAsClientLibrariesNameThem) {
  struct Expected {
    const char* name;
    const char* type;
    const char* help;
    double value;
  };
  const Expected expected[] = {
      {"process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", 2.5},
      {"process_open_fds", "gauge", "Number of open file descriptors.", 9},
      {"process_max_fds", "gauge", "Maximum number of open file descriptors.", 1024},
      {"process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", 300000000},
      {"process_virtual_memory_max_bytes", "gauge", "Maximum amount of virtual memory available in bytes.",
       18446744073709551615.0},
      {"process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", 12 * 4096},
      {"process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
       testdata::Epoch2024Seconds() - 7200},
      {"process_threads", "gauge", "Number of OS threads in the process.", 5},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    EXPECT_EQ(exp_.types.at(e.name), e.type);
    EXPECT_EQ(exp_.help.at(e.name), e.help);
    ASSERT_EQ(CountSeries(exp_, e.name), 1u);
    EXPECT_TRUE(testsupport::FindAll(exp_, e.name)[0].labels.empty());
    // 2^64-1 goes through "%.16g" (TextSerializer's precision): compare
    // with a relative tolerance rather than exactly.
    EXPECT_NEAR(*FindSample(exp_, e.name), e.value, e.value * 1e-15);
  }
}

TEST_F(RenderMetricsTest, HttpServerCountersByReasonAndByHandlerAndCode) {
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_http_connections_open"), 3);
  EXPECT_EQ(exp_.types.at("lyncdiscover_exporter_http_connections_dropped_total"), "counter");
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_exporter_http_connections_dropped_total", {{"reason", "client_limit"}}),
      4);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_http_connections_dropped_total",
                       {{"reason", "request_timeout"}}),
            0);
  EXPECT_EQ(FindSample(exp_, "lyncdiscover_exporter_http_requests_total",
                       {{"handler", "/metrics"}, {"code", "200"}}),
            17);
  EXPECT_EQ(
      FindSample(exp_, "lyncdiscover_exporter_http_requests_total", {{"handler", "other"}, {"code", "401"}}),
      2);
  ExporterState without_server;
  EXPECT_EQ(RenderText({}, without_server).find("_http_"), std::string::npos);
}

TEST_F(RenderMetricsTest, EveryFamilyHasHelpAndType) {
  for (const auto& sample : exp_.samples) {
    EXPECT_TRUE(exp_.help.contains(sample.name)) << sample.name;
    EXPECT_TRUE(exp_.types.contains(sample.name)) << sample.name;
  }
}

TEST_F(RenderMetricsTest, EndpointSeriesAlwaysCarryRoleLabel) {
  for (const char* name : {"probe_ssl_earliest_cert_expiry", "lyncdiscover_cert_info",
                           "lyncdiscover_chain_trusted", "lyncdiscover_probe_failure_info",
                           "lyncdiscover_http_status_code", "lyncdiscover_cert_san_missing"}) {
    for (const auto& s : testsupport::FindAll(exp_, name)) {
      EXPECT_TRUE(s.labels.contains("role")) << name;
      EXPECT_TRUE(s.labels.contains("endpoint")) << name;
      EXPECT_TRUE(s.labels.contains("address")) << name;
    }
  }
}

TEST(RenderMetricsEmptyTest, EmptySnapshotRendersOnlySelfMetrics) {
  ExporterState state;
  state.version = "v";
  state.last_reload_ok = false;
  auto families = RenderMetrics({}, state);
  std::vector<std::string> names;
  for (const auto& f : families) {
    names.push_back(f.name);
    EXPECT_FALSE(f.metric.empty()) << f.name;
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"lyncdiscover_exporter_build_info",
                                      "lyncdiscover_exporter_config_last_reload_success_timestamp_seconds",
                                      "lyncdiscover_exporter_config_last_reload_successful"}));
  EXPECT_EQ(FindSample(RenderText({}, state), "lyncdiscover_exporter_config_last_reload_successful"), 0);
}

TEST(RenderMetricsEmptyTest, ProcessFamiliesOnlyWithProcessStats) {
  ExporterState state;
  state.process = ProcessStats{};
  std::vector<std::string> names;
  for (const auto& f : RenderMetrics({}, state)) {
    if (f.name.starts_with("process_")) names.push_back(f.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "process_cpu_seconds_total", "process_max_fds", "process_open_fds",
                       "process_resident_memory_bytes", "process_start_time_seconds", "process_threads",
                       "process_virtual_memory_bytes", "process_virtual_memory_max_bytes"}));
  state.process.reset();
  EXPECT_EQ(RenderText({}, state).find("process_"), std::string::npos);
}

TEST(RenderMetricsEmptyTest, NullResultInSnapshotIsSkipped) {
  results::ResultStore::Snapshot snap;
  snap.results = {nullptr};
  EXPECT_EQ(CountSeries(RenderText(snap, {}), "probe_success"), 0u);
}

TEST(RenderMetricsEmptyTest, EarliestExpiryFallsBackToCertsWhenNotComputed) {
  auto r = testdata::LyncResult();
  r.endpoints[0].chain->earliest_not_after.reset();
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};
  EXPECT_EQ(FindSample(RenderText(snap, {}), "probe_ssl_earliest_cert_expiry", {{"target", "contoso"}}),
            testdata::Epoch2024Seconds() + 60 * 86400.0);
}

TEST(RenderMetricsEmptyTest, RenderingIsDeterministic) {
  auto snap = testdata::FullSnapshot();
  auto state = testdata::SampleState();
  EXPECT_EQ(RenderText(snap, state), RenderText(snap, state));
}

}  // namespace
}  // namespace lde::metrics

namespace lde::metrics {
namespace {

// The AIA outcome is a series only where a fetch was due, so healthy chains
// add nothing.
TEST(RenderAiaFetchTest, OnlyEndpointsThatNeededAnIssuerGetTheStatus) {
  results::ResultStore::Snapshot snap = testdata::FullSnapshot();
  model::ProbeResult lync = *snap.results[1];
  ASSERT_GE(lync.endpoints.size(), 2u);
  lync.endpoints[0].issuer_fetch =
      model::IssuerFetchReport{model::IssuerFetchStatus::kAddressRefused, "http://169.254.169.254/x", "why"};
  snap.results[1] = std::make_shared<const model::ProbeResult>(lync);
  auto parsed = testsupport::ParseExposition(RenderText(snap, testdata::SampleState()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  EXPECT_EQ(FindSample(parsed.value(), "lyncdiscover_aia_fetch_status",
                       {{"target", "contoso"},
                        {"endpoint", "lyncdiscover.contoso.com:443"},
                        {"role", "discovery_external"},
                        {"status", "address_refused"}}),
            1);
  EXPECT_EQ(CountSeries(parsed.value(), "lyncdiscover_aia_fetch_status"), 1u);
}

}  // namespace

// Every violation is a series of its own (policy, position, rule); an
// endpoint that meets its policy adds none.
TEST(RenderPolicyViolationTest, EveryViolationIsOneSeriesAndCleanChainsAddNone) {
  results::ResultStore::Snapshot snap = testdata::FullSnapshot();
  auto clean = testsupport::ParseExposition(RenderText(snap, testdata::SampleState()));
  ASSERT_TRUE(clean.ok()) << clean.error().detail;
  EXPECT_EQ(CountSeries(clean.value(), "lyncdiscover_cert_policy_violation"), 0u);

  model::ProbeResult lync = *snap.results[1];
  ASSERT_GE(lync.endpoints.size(), 1u);
  lync.endpoints[0].policy_violations = {{"default", 0, model::PolicyRule::kMinRsaBits, "1024-bit RSA"},
                                         {"default", 1, model::PolicyRule::kRejectSha1, "SHA-1"},
                                         {"apple", 0, model::PolicyRule::kMaxValidityDays, "900 days"}};
  snap.results[1] = std::make_shared<const model::ProbeResult>(lync);
  auto parsed = testsupport::ParseExposition(RenderText(snap, testdata::SampleState()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  EXPECT_EQ(CountSeries(parsed.value(), "lyncdiscover_cert_policy_violation"), 3u);
  EXPECT_EQ(FindSample(parsed.value(), "lyncdiscover_cert_policy_violation",
                       {{"target", "contoso"},
                        {"endpoint", "lyncdiscover.contoso.com:443"},
                        {"policy", "default"},
                        {"position", "1"},
                        {"rule", "reject_sha1"}}),
            1);
  EXPECT_EQ(
      FindSample(
          parsed.value(), "lyncdiscover_cert_policy_violation",
          {{"target", "contoso"}, {"policy", "apple"}, {"position", "0"}, {"rule", "max_validity_days"}}),
      1);
}

}  // namespace lde::metrics

namespace lde::metrics {
namespace {

class RenderLiveOcspTest : public ::testing::Test {
 protected:
  static LabelSubset Disc(LabelSubset extra) {
    LabelSubset labels{{"target", "contoso"},
                       {"endpoint", "lyncdiscover.contoso.com:443"},
                       {"address", "192.0.2.10"},
                       {"role", "discovery_external"}};
    labels.insert(labels.end(), extra.begin(), extra.end());
    return labels;
  }
  static Exposition Render(const model::ProbeResult& lync) {
    results::ResultStore::Snapshot snap;
    snap.results = {std::make_shared<const model::ProbeResult>(lync)};
    auto parsed = testsupport::ParseExposition(RenderText(snap, testdata::SampleState()));
    EXPECT_TRUE(parsed.ok()) << parsed.error().detail;
    return parsed.ok() ? std::move(parsed).value() : Exposition{};
  }
};

TEST_F(RenderLiveOcspTest, StatusPerPositionAndNextUpdateOfAValidAnswer) {
  Exposition exp = Render(testdata::LyncResult());
  EXPECT_EQ(FindSample(exp, "lyncdiscover_ocsp_status", Disc({{"position", "0"}, {"status", "good"}})), 1);
  EXPECT_EQ(FindSample(exp, "lyncdiscover_ocsp_status", Disc({{"position", "1"}, {"status", "not_checked"}})),
            1);
  EXPECT_EQ(CountSeries(exp, "lyncdiscover_ocsp_status"), 3u);  // one per presented certificate
  EXPECT_EQ(
      FindSample(exp, "lyncdiscover_ocsp_response_next_update_timestamp_seconds", Disc({{"position", "0"}})),
      testdata::Epoch2024Seconds() + 4 * 86400.0);
  EXPECT_EQ(CountSeries(exp, "lyncdiscover_ocsp_response_next_update_timestamp_seconds"), 1u);
}

TEST_F(RenderLiveOcspTest, UrlUpPerPositionAndKindWithTheUrlOnItsInfoSeries) {
  model::ProbeResult lync = testdata::LyncResult();
  lync.endpoints[0].issuer_fetch =
      model::IssuerFetchReport{model::IssuerFetchStatus::kUnavailable, "http://aia.contoso.com/ca.crt", "x"};
  Exposition exp = Render(lync);
  EXPECT_EQ(FindSample(exp, "lyncdiscover_revocation_url_up", Disc({{"position", "0"}, {"kind", "ocsp"}})),
            1);
  EXPECT_EQ(FindSample(exp, "lyncdiscover_revocation_url_up", Disc({{"position", "1"}, {"kind", "crl"}})), 0);
  // The AIA caIssuers fetch was for the last presented certificate.
  EXPECT_EQ(
      FindSample(exp, "lyncdiscover_revocation_url_up", Disc({{"position", "2"}, {"kind", "ca_issuers"}})),
      0);
  EXPECT_EQ(CountSeries(exp, "lyncdiscover_revocation_url_up"), 3u);
  EXPECT_EQ(
      FindSample(exp, "lyncdiscover_revocation_url_info",
                 Disc({{"position", "1"}, {"kind", "crl"}, {"url", "http://pki.contoso.com/root.crl"}})),
      1);
  EXPECT_EQ(
      FindSample(exp, "lyncdiscover_revocation_url_info",
                 Disc({{"position", "2"}, {"kind", "ca_issuers"}, {"url", "http://aia.contoso.com/ca.crt"}})),
      1);
  EXPECT_EQ(CountSeries(exp, "lyncdiscover_revocation_url_info"), 3u);
}

TEST_F(RenderLiveOcspTest, NoUrlTriedNoSeries) {
  model::ProbeResult lync = testdata::LyncResult();
  lync.endpoints[0].chain->revocation_urls.clear();
  lync.endpoints[0].issuer_fetch = model::IssuerFetchReport{};  // no_url: nothing was tried
  Exposition exp = Render(lync);
  EXPECT_EQ(CountSeries(exp, "lyncdiscover_revocation_url_up"), 0u);
  EXPECT_EQ(CountSeries(exp, "lyncdiscover_revocation_url_info"), 0u);
}

TEST_F(RenderLiveOcspTest, ALongUrlIsCutToTheLabelBudget) {
  model::ProbeResult lync = testdata::LyncResult();
  const std::string url = "http://ocsp.contoso.com/" + std::string(5000, 'u');
  lync.endpoints[0].chain->revocation_urls = {{0, model::RevocationUrlKind::kOcsp, url, false}};
  std::vector<testsupport::Sample> info =
      testsupport::FindAll(Render(lync), "lyncdiscover_revocation_url_info");
  ASSERT_EQ(info.size(), 1u);
  const std::string& value = info[0].labels["url"];
  EXPECT_LE(value.size(), model::budget::kLabelValueBytes.value);
  EXPECT_TRUE(value.starts_with("http://ocsp.contoso.com/uuu")) << value.substr(0, 40);
  EXPECT_NE(value.find("[truncated "), std::string::npos) << value.substr(value.size() - 40);
}

}  // namespace
}  // namespace lde::metrics
