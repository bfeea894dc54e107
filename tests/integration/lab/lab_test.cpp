// Every lab scenario end to end: lab/lab.sh starts nginx, two dnsmasq views
// and the staller on 127.0.0.0/8; the built daemon probes all scenarios; the
// test scrapes /metrics and checks the readiness a phone would see per
// network x device profile, and the step and reason that break it.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "dashboard_check.h"
#include "dashboard_eval.h"
#include "support/daemon/daemon_process.h"
#include "support/lab/lab_fixture.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;
using testsupport::CountSeries;
using testsupport::Exposition;
using testsupport::FindSample;

struct Expectation {
  std::string network;
  std::string profile;
  bool ready;
  std::string step;  // "" when ready
  std::string reason;
};

struct Scenario {
  std::string name;
  std::vector<Expectation> expected;
};

std::vector<Expectation> AllReady() {
  std::vector<Expectation> out;
  for (const char* network : {"internal", "external"}) {
    for (const char* profile : {"unmanaged", "managed", "legacy-5.3"})
      out.push_back({network, profile, true, "", ""});
  }
  return out;
}

// What a phone would see, per reference/lync-discovery.md section 9.
const std::vector<Scenario>& Scenarios() {
  static const std::vector<Scenario> kScenarios = {
      {"healthy", AllReady()},
      // The Lync 5.4 case: the Front End's enterprise-CA certificate.
      {"enterprise-fe",
       {{"internal", "unmanaged", false, "discovery_tls", "unknown_issuer"},
        {"internal", "managed", true, "", ""},
        {"internal", "legacy-5.3", true, "", ""},
        {"external", "unmanaged", true, "", ""},
        {"external", "managed", true, "", ""},
        {"external", "legacy-5.3", true, "", ""}}},
      {"rp-missing-intermediate",
       {{"internal", "unmanaged", false, "web_tls", "incomplete_chain"},
        {"internal", "managed", false, "web_tls", "incomplete_chain"},
        {"internal", "legacy-5.3", true, "", ""},
        {"external", "unmanaged", false, "discovery_tls", "incomplete_chain"},
        {"external", "managed", false, "discovery_tls", "incomplete_chain"},
        {"external", "legacy-5.3", true, "", ""}}},
      {"expired",
       {{"internal", "unmanaged", false, "web_tls", "expired"},
        {"internal", "managed", false, "web_tls", "expired"},
        {"internal", "legacy-5.3", true, "", ""},
        {"external", "unmanaged", false, "discovery_tls", "expired"},
        {"external", "managed", false, "discovery_tls", "expired"},
        {"external", "legacy-5.3", true, "", ""}}},
      {"rp-san-missing",
       {{"internal", "unmanaged", true, "", ""},
        {"internal", "managed", true, "", ""},
        {"internal", "legacy-5.3", true, "", ""},
        {"external", "unmanaged", false, "discovery_tls", "hostname_mismatch"},
        {"external", "managed", false, "discovery_tls", "hostname_mismatch"},
        {"external", "legacy-5.3", true, "", ""}}},
      // lyncdiscoverinternal is missing: phones fall back to lyncdiscover.
      {"no-internal-dns", AllReady()},
      {"html-login",
       {{"internal", "unmanaged", false, "web_http", "html_page"},
        {"internal", "managed", false, "web_http", "html_page"},
        {"internal", "legacy-5.3", false, "web_http", "html_page"},
        {"external", "unmanaged", false, "discovery_parse", "html_page"},
        {"external", "managed", false, "discovery_parse", "html_page"},
        {"external", "legacy-5.3", false, "discovery_parse", "html_page"}}},
      {"redirect-loop",
       {{"internal", "unmanaged", true, "", ""},
        {"internal", "managed", true, "", ""},
        {"internal", "legacy-5.3", true, "", ""},
        {"external", "unmanaged", false, "discovery_redirect", "redirect_loop"},
        {"external", "managed", false, "discovery_redirect", "redirect_loop"},
        {"external", "legacy-5.3", false, "discovery_redirect", "redirect_loop"}}},
      {"stall",
       {{"internal", "unmanaged", false, "discovery_tls", "timeout"},
        {"internal", "managed", false, "discovery_tls", "timeout"},
        {"internal", "legacy-5.3", false, "discovery_tls", "timeout"},
        {"external", "unmanaged", false, "discovery_tls", "timeout"},
        {"external", "managed", false, "discovery_tls", "timeout"},
        {"external", "legacy-5.3", false, "discovery_tls", "timeout"}}},
      // The RP certificate lacks lyncdiscover.<the other SIP domain>: that
      // domain's users would fail, this one's phones are ready everywhere.
      {"multidomain", AllReady()},
      // A pool of two Front End nodes; the second's certificate expired: a
      // 5.4 phone that lands on it fails, wherever the first node sends it.
      {"fe-node-expired",
       {{"internal", "unmanaged", false, "discovery_tls", "expired"},
        {"internal", "managed", false, "discovery_tls", "expired"},
        {"internal", "legacy-5.3", true, "", ""},
        {"external", "unmanaged", true, "", ""},
        {"external", "managed", true, "", ""},
        {"external", "legacy-5.3", true, "", ""}}},
      // lyncdiscover.<d> on plain HTTP only: outside, HTTPS is refused and
      // phones follow the HTTP leg's Redirect to webext over HTTPS.
      {"http-only-discovery", AllReady()},
      // The anonymous walk and the token pass; the pool refuses to create
      // the UCWA application: with `auth`, no profile is ready.
      {"ucwa-app-fails",
       {{"internal", "unmanaged", false, "ucwa_signin", "http_status"},
        {"internal", "managed", false, "ucwa_signin", "http_status"},
        {"internal", "legacy-5.3", false, "ucwa_signin", "http_status"},
        {"external", "unmanaged", false, "ucwa_signin", "http_status"},
        {"external", "managed", false, "ucwa_signin", "http_status"},
        {"external", "legacy-5.3", false, "ucwa_signin", "http_status"}}},
  };
  return kScenarios;
}

std::string Domain(const std::string& scenario) { return LabDomain(scenario); }

// One lab and one daemon for the whole binary: starting them per test would
// cost a lab start and a full probe round each time.
class LabEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    LabFixture::Spec spec;
    spec.scenarios = "all";
    spec.dir = LDE_LAB_DIR;
    spec.targets = LabPlainTargets();
    for (const auto& scenario : Scenarios()) spec.targets.push_back(Domain(scenario.name));
    ASSERT_EQ(lab_.Start(spec), "");
    lab_ptr_ = &lab_;
    port_ = lab_.port();
    metrics_ = HttpCall(port_, "GET", "/metrics").body;
  }

  void TearDown() override { lab_.Stop(); }

  static const std::string& metrics() { return metrics_; }
  static std::uint16_t port() { return port_; }
  static std::string log() { return lab_ptr_ ? lab_ptr_->daemon().Stderr() : ""; }

 private:
  LabFixture lab_;
  static inline std::string metrics_;
  static inline std::uint16_t port_ = 0;
  static inline LabFixture* lab_ptr_ = nullptr;
};

class LabScenarioTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(LabScenarioTest, ReadinessAndFailingStepMatchWhatAPhoneWouldSee) {
  const Scenario& scenario = GetParam();
  const std::string& m = LabEnvironment::metrics();
  std::string target = Domain(scenario.name);
  bool all_validating_ready = true;
  for (const auto& e : scenario.expected) {
    SCOPED_TRACE(e.network + "/" + e.profile);
    EXPECT_EQ(FindSample(m, "lyncdiscover_mobile_signin_ready",
                         {{"target", target}, {"network", e.network}, {"profile", e.profile}}),
              e.ready ? 1.0 : 0.0);
    if (e.ready) {
      EXPECT_EQ(CountSeries(m, "lyncdiscover_signin_failure_info",
                            {{"target", target}, {"network", e.network}, {"profile", e.profile}}),
                0u);
    } else {
      EXPECT_EQ(FindSample(m, "lyncdiscover_signin_failure_info",
                           {{"target", target},
                            {"network", e.network},
                            {"profile", e.profile},
                            {"step", e.step},
                            {"reason", e.reason}}),
                1.0);
    }
    if (e.profile != "legacy-5.3" && !e.ready) all_validating_ready = false;
  }
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", target}}), all_validating_ready ? 1.0 : 0.0);
}

INSTANTIATE_TEST_SUITE_P(AllScenarios, LabScenarioTest, ::testing::ValuesIn(Scenarios()),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

// Every node behind lyncdiscoverinternal is asked and judged: the failure
// names the second node, and the pool's leaves differ.
TEST(LabMetricsTest, TheExpiredPoolNodeIsNamedAndThePoolIsInconsistent) {
  const std::string& m = LabEnvironment::metrics();
  const std::string target = Domain("fe-node-expired");
  const std::string second_node = "127.0.11.11";
  EXPECT_EQ(FindSample(m, "lyncdiscover_signin_failure_info",
                       {{"target", target},
                        {"network", "internal"},
                        {"profile", "unmanaged"},
                        {"step", "discovery_tls"},
                        {"reason", "expired"},
                        {"address", second_node}}),
            1.0);
  EXPECT_EQ(
      FindSample(
          m, "lyncdiscover_cert_consistent",
          {{"target", target}, {"host", "lyncdiscoverinternal." + target}, {"role", "discovery_internal"}}),
      0.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", target},
                        {"role", "discovery_internal"},
                        {"address", second_node},
                        {"trust_store", "public"},
                        {"reason", "expired"}}),
            0.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_cert_consistent",
                       {{"target", Domain("healthy")},
                        {"host", "lyncdiscoverinternal." + Domain("healthy")},
                        {"role", "discovery_internal"}}),
            1.0);
  EXPECT_TRUE(FindSample(m, "lyncdiscover_cert_last_change_timestamp_seconds",
                         {{"target", target}, {"address", second_node}})
                  .has_value());
}

// The plain-HTTP leg of every discovery name, observed on port 9080: the
// lab answers MS-OCDISCWS's 200 Redirect document; the staller never answers.
TEST(LabMetricsTest, TheHttpDiscoveryLegIsObservedPerName) {
  const std::string& m = LabEnvironment::metrics();
  const std::string healthy = Domain("healthy");
  EXPECT_EQ(FindSample(m, "lyncdiscover_discovery_http_leg_status_code",
                       {{"target", healthy},
                        {"network", "internal"},
                        {"host", "lyncdiscoverinternal." + healthy},
                        {"result", "redirect"}}),
            200.0);
  for (const char* network : {"internal", "external"}) {
    EXPECT_EQ(FindSample(m, "lyncdiscover_discovery_http_leg_status_code",
                         {{"target", healthy},
                          {"network", network},
                          {"host", "lyncdiscover." + healthy},
                          {"result", "redirect"}}),
              200.0)
        << network;
  }
  EXPECT_EQ(FindSample(m, "lyncdiscover_discovery_http_leg_status_code",
                       {{"target", Domain("stall")},
                        {"network", "external"},
                        {"host", "lyncdiscover." + Domain("stall")},
                        {"result", "unreachable"}}),
            0.0);
}

// Which leg each profile's discovery document came over: HTTPS wherever the
// name answered it, the plain-HTTP leg where only that was published; none
// for a profile that broke before a document.
TEST(LabMetricsTest, TheDiscoveryLegUsedIsHttpsUnlessOnlyHttpWasPublished) {
  const std::string& m = LabEnvironment::metrics();
  for (const char* profile : {"unmanaged", "managed", "legacy-5.3"}) {
    SCOPED_TRACE(profile);
    for (const char* network : {"internal", "external"}) {
      EXPECT_EQ(
          FindSample(
              m, "lyncdiscover_discovery_leg_used",
              {{"target", Domain("healthy")}, {"network", network}, {"profile", profile}, {"leg", "https"}}),
          1.0)
          << network;
      EXPECT_EQ(
          FindSample(
              m, "lyncdiscover_discovery_leg_used",
              {{"target", Domain("healthy")}, {"network", network}, {"profile", profile}, {"leg", "http"}}),
          0.0)
          << network;
    }
    const std::string http_only = Domain("http-only-discovery");
    EXPECT_EQ(
        FindSample(m, "lyncdiscover_discovery_leg_used",
                   {{"target", http_only}, {"network", "external"}, {"profile", profile}, {"leg", "http"}}),
        1.0);
    EXPECT_EQ(
        FindSample(m, "lyncdiscover_discovery_leg_used",
                   {{"target", http_only}, {"network", "internal"}, {"profile", profile}, {"leg", "https"}}),
        1.0);
    // Refused over HTTPS, a Redirect over HTTP.
    EXPECT_EQ(FindSample(m, "lyncdiscover_discovery_http_leg_status_code",
                         {{"target", http_only},
                          {"network", "external"},
                          {"host", "lyncdiscover." + http_only},
                          {"result", "redirect"}}),
              200.0);
    // The stalled name yields no document: no leg for anyone.
    EXPECT_EQ(CountSeries(m, "lyncdiscover_discovery_leg_used",
                          {{"target", Domain("stall")}, {"network", "external"}, {"profile", profile}}),
              0u);
  }
  // The enterprise-CA Front End: the unmanaged phone stops at its
  // certificate, before any document.
  EXPECT_EQ(
      CountSeries(m, "lyncdiscover_discovery_leg_used",
                  {{"target", Domain("enterprise-fe")}, {"network", "internal"}, {"profile", "unmanaged"}}),
      0u);
}

// Every deployment of the lab config has `auth`: the test account signs in
// where the pool lets it, and the failing step is named where it does not.
TEST(LabMetricsTest, TheTestAccountSignsInThroughTheStandin) {
  const std::string& m = LabEnvironment::metrics();
  for (const char* network : {"internal", "external"}) {
    SCOPED_TRACE(network);
    EXPECT_EQ(FindSample(m, "lyncdiscover_ucwa_signin_success",
                         {{"target", Domain("healthy")}, {"network", network}}),
              1.0);
    EXPECT_EQ(CountSeries(m, "lyncdiscover_ucwa_signin_failure_info",
                          {{"target", Domain("healthy")}, {"network", network}}),
              0u);
    for (const char* step : {"token", "user", "applications", "delete"}) {
      EXPECT_EQ(CountSeries(m, "lyncdiscover_ucwa_signin_step_duration_seconds",
                            {{"target", Domain("healthy")}, {"network", network}, {"step", step}}),
                1u)
          << step;
    }
    EXPECT_EQ(FindSample(m, "lyncdiscover_ucwa_signin_success",
                         {{"target", Domain("ucwa-app-fails")}, {"network", network}}),
              0.0);
    EXPECT_EQ(FindSample(m, "lyncdiscover_ucwa_signin_failure_info",
                         {{"target", Domain("ucwa-app-fails")},
                          {"network", network},
                          {"step", "applications"},
                          {"reason", "http_status"}}),
              1.0);
    // No delete after a refused create.
    EXPECT_EQ(CountSeries(m, "lyncdiscover_ucwa_signin_step_duration_seconds",
                          {{"target", Domain("ucwa-app-fails")}, {"network", network}, {"step", "delete"}}),
              0u);
    // A walk that never reached the challenge fails the first step.
    EXPECT_EQ(
        FindSample(
            m, "lyncdiscover_ucwa_signin_failure_info",
            {{"target", Domain("stall")}, {"network", network}, {"step", "token"}, {"reason", "missing"}}),
        1.0);
  }
  // The plain targets have no sign-in.
  EXPECT_EQ(CountSeries(m, "lyncdiscover_ucwa_signin_success", {{"target", "healthy-webext"}}), 0u);
}

// The test account's password reaches no rendering: metrics, /status JSON
// and HTML (the page and a target's), --config.check, the daemon's log.
TEST(LabMetricsTest, ThePasswordAppearsInNoRendering) {
  std::ifstream in(std::string(LDE_LAB_DIR) + "/ucwa/test-account.password");
  std::string password;
  std::getline(in, password);
  ASSERT_GE(password.size(), 8u);
  const auto port = LabEnvironment::port();
  std::vector<std::pair<std::string, std::string>> renderings = {
      {"/metrics", HttpCall(port, "GET", "/metrics").body},
      {"/status (JSON)", HttpCall(port, "GET", "/status?format=json").body},
      {"/status (HTML)", HttpCall(port, "GET", "/status?format=html").body},
      {"/", HttpCall(port, "GET", "/").body},
      {"/status?target=healthy (JSON)",
       HttpCall(port, "GET", "/status?format=json&target=" + Domain("healthy")).body},
      {"/status?target=healthy (HTML)",
       HttpCall(port, "GET", "/status?format=html&target=" + Domain("healthy")).body},
  };
  auto check = RunCommand({LDE_DAEMON_BINARY, "--config.check",
                           "--config.file=" + std::string(LDE_LAB_DIR) + "/lyncdiscover_exporter.yml"},
                          seconds(30));
  renderings.emplace_back("--config.check", check.out + check.err);
  renderings.emplace_back("the daemon log", LabEnvironment::log());
  // The target page shows the sign-in (so the check below looks where it would be).
  EXPECT_NE(renderings[4].second.find("\"signin\""), std::string::npos);
  for (const auto& [what, text] : renderings) {
    EXPECT_FALSE(text.empty()) << what;
    EXPECT_EQ(text.find(password), std::string::npos) << "the password is in " << what;
  }
}

TEST(LabMetricsTest, DiscoveryDnsAndOAuthSeries) {
  const std::string& m = LabEnvironment::metrics();
  const std::string healthy = Domain("healthy");
  for (const char* network : {"internal", "external"}) {
    SCOPED_TRACE(network);
    EXPECT_EQ(FindSample(m, "lyncdiscover_discovery_success", {{"target", healthy}, {"network", network}}),
              1.0);
    EXPECT_EQ(FindSample(m, "lyncdiscover_ucwa_oauth_challenge", {{"target", healthy}, {"network", network}}),
              1.0);
    EXPECT_EQ(
        FindSample(m, "lyncdiscover_discovery_xml_success", {{"target", healthy}, {"network", network}}),
        1.0);
    EXPECT_EQ(FindSample(m, "lyncdiscover_user_auth_scheme_info",
                         {{"target", healthy}, {"network", network}, {"scheme", "MsRtcOAuth"}}),
              1.0);
    EXPECT_EQ(FindSample(m, "lyncdiscover_discovery_link_info",
                         {{"target", healthy},
                          {"network", network},
                          {"rel", "user"},
                          {"href",
                           "https://webext.healthy.lab.test:9443/Autodiscover/AutodiscoverService.svc/root/"
                           "oauth/user?originalDomain=healthy.lab.test"}}),
              1.0);
  }
  // Certificates of every endpoint on the way, with their role and network.
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", Domain("enterprise-fe")},
                        {"role", "discovery_internal"},
                        {"network", "internal"},
                        {"trust_store", "public"},
                        {"reason", "unknown_issuer"}}),
            0.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", Domain("enterprise-fe")},
                        {"role", "discovery_internal"},
                        {"trust_store", "enterprise"},
                        {"reason", "ok"}}),
            1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", healthy},
                        {"role", "web_external"},
                        {"network", "external"},
                        {"trust_store", "public"},
                        {"reason", "ok"}}),
            1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_complete",
                       {{"target", Domain("rp-missing-intermediate")}, {"role", "web_external"}}),
            0.0);
  // DNS per view: the internal name exists only in the internal view.
  EXPECT_EQ(
      FindSample(m, "lyncdiscover_dns_lookup_success",
                 {{"target", healthy}, {"host", "lyncdiscoverinternal." + healthy}, {"resolver", "corp"}}),
      1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_dns_lookup_success",
                       {{"target", Domain("no-internal-dns")},
                        {"host", "lyncdiscoverinternal." + Domain("no-internal-dns")},
                        {"resolver", "corp"}}),
            0.0);
  // The plain targets of the lab config are probed by the same daemon.
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "healthy-webext"}}), 1.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_http_status_code", {{"target", "healthy-webext"}}), 200.0);
}

// The names each certificate must carry: reported where the lab leaves one
// out, and nowhere else (the healthy scenarios' FE and RP certificates carry
// what Microsoft asks of them).
TEST(LabMetricsTest, MissingRequiredNamesAreReportedOnlyWhereTheLabLeavesThemOut) {
  const std::string& m = LabEnvironment::metrics();
  struct Missing {
    std::string scenario, endpoint, role, name;
  };
  const std::string other = "lyncdiscover.other-multidomain.lab.test";
  const std::vector<Missing> expected = {
      {"multidomain", "lyncdiscover.multidomain.lab.test:9443", "discovery_external", other},
      {"multidomain", "webext.multidomain.lab.test:9443", "web_external", other},
      {"rp-san-missing", "lyncdiscover.rp-san-missing.lab.test:9443", "discovery_external",
       "lyncdiscover.rp-san-missing.lab.test"},
      {"rp-san-missing", "webext.rp-san-missing.lab.test:9443", "web_external",
       "lyncdiscover.rp-san-missing.lab.test"},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(e.endpoint);
    EXPECT_EQ(FindSample(m, "lyncdiscover_cert_san_missing",
                         {{"target", Domain(e.scenario)},
                          {"endpoint", e.endpoint},
                          {"address", e.scenario == "multidomain" ? "127.0.10.20" : "127.0.5.20"},
                          {"role", e.role},
                          {"network", "external"},
                          {"name", e.name}}),
              1.0);
  }
  EXPECT_EQ(CountSeries(m, "lyncdiscover_cert_san_missing"), expected.size());
  // Readiness is the healthy scenario's: the other domain is not walked.
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", Domain("multidomain")}}), 1.0);
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", Domain("healthy")}}), 1.0);
  EXPECT_EQ(FindSample(
                m, "lyncdiscover_cert_hostname_match",
                {{"target", Domain("multidomain")}, {"role", "discovery_external"}, {"network", "external"}}),
            1.0);

  // /status lists what each certificate was checked for.
  std::string status = HttpCall(LabEnvironment::port(), "GET", "/status").body;
  EXPECT_TRUE(std::regex_search(status, std::regex(R"("judged_as"\s*:\s*"discovery_external")"))) << status;
  EXPECT_NE(status.find("\"" + other + "\""), std::string::npos);
}

TEST(LabMetricsTest, ExpositionPassesPromtool) {
  std::string file = std::string(LDE_LAB_DIR) + "/scrape.prom";
  {
    std::ofstream out(file);
    out << LabEnvironment::metrics();
  }
  auto check = RunCommand({"/bin/sh", "-c", "promtool check metrics < " + file}, seconds(30));
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The shipped Grafana dashboard against this live scrape, as Prometheus would
// hold it (job and instance added), next to a blackbox_exporter's series of
// the same names: every selector of every panel and variable query, with the
// variables on "All", selects no blackbox series, and selects some of ours
// whenever the scrape has that metric (no filter hides the lab's data).
TEST(LabMetricsTest, DashboardQueriesSeeThisExporterAndNoOther) {
  using packaging::Series;
  auto parsed = testsupport::ParseExposition(LabEnvironment::metrics());
  ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
  const std::string instance = "127.0.0.1:" + std::to_string(LabEnvironment::port());
  std::vector<Series> series;
  for (const auto& sample : parsed.value().samples) {
    Series s{sample.name, sample.labels};
    s.labels["job"] = "lyncdiscover";
    s.labels["instance"] = instance;
    series.push_back(std::move(s));
  }
  const std::vector<Series> blackbox = {
      {"probe_success", {{"job", "blackbox"}, {"instance", "bb:9115"}}},
      {"probe_duration_seconds", {{"job", "blackbox"}, {"instance", "bb:9115"}}},
      {"probe_ssl_earliest_cert_expiry", {{"job", "blackbox"}, {"instance", "bb:9115"}}},
      {"probe_tls_version_info", {{"job", "blackbox"}, {"instance", "bb:9115"}, {"version", "TLS 1.3"}}},
      {"probe_success", {{"job", "blackbox"}, {"instance", "bb:9115"}, {"target", "healthy-webext"}}},
  };
  series.insert(series.end(), blackbox.begin(), blackbox.end());

  const packaging::DashboardReport report = packaging::CheckDashboard(
      ReadFile(LDE_DASHBOARD_JSON), packaging::MetricNamesFromHeader(ReadFile(LDE_NAMES_H)));
  EXPECT_TRUE(report.problems.empty()) << ::testing::PrintToString(report.problems);
  const packaging::SelectorEvaluation evaluation =
      packaging::EvaluateSelectors(report, packaging::AllSelected(series), series);
  EXPECT_TRUE(evaluation.problems.empty()) << ::testing::PrintToString(evaluation.problems);
  EXPECT_GE(evaluation.picks.size(), report.queries.size());
  const std::vector<std::string> problems = packaging::IsolationProblems(
      evaluation, series, [](const Series& s) { return s.labels.at("job") == "blackbox"; });
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);

  // Not vacuous: the old, unfiltered query would have taken the blackbox
  // series in, and the panels that matter see lab data.
  const auto old_query = packaging::SelectorsInExpr(R"(probe_success{target=~".*"})");
  ASSERT_EQ(old_query.selectors.size(), 1u);
  EXPECT_TRUE(packaging::Selects(old_query.selectors[0], blackbox[0]));
  std::set<std::string> panels_with_data;
  for (const auto& pick : evaluation.picks) {
    if (!pick.selected.empty()) panels_with_data.insert(pick.query.panel);
  }
  for (const char* panel : {"Sign-in readiness per network and device profile", "Current failures",
                            "Trust per store", "Names missing from certificates", "Probe success"}) {
    EXPECT_TRUE(panels_with_data.contains(panel)) << panel;
  }
}

TEST(LabMetricsTest, OnceModePrintsTheReadinessMatrix) {
  auto result = RunCommand({LDE_DAEMON_BINARY, "--once",
                            "--config.file=" + std::string(LDE_LAB_DIR) + "/lyncdiscover_exporter.yml"},
                           seconds(120));
  EXPECT_EQ(result.exit_code, 1);  // most scenarios are broken on purpose
  EXPECT_TRUE(std::regex_search(
      result.out,
      std::regex("enterprise-fe\\.lab\\.test +internal +unmanaged +NO +discovery_tls +unknown_issuer")))
      << result.out;
  EXPECT_TRUE(
      std::regex_search(result.out, std::regex("enterprise-fe\\.lab\\.test +internal +managed +yes")));
  EXPECT_TRUE(
      std::regex_search(result.out, std::regex("enterprise-fe\\.lab\\.test +external +unmanaged +yes")));
}

}  // namespace
}  // namespace lde::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new lde::testing::LabEnvironment);
  return RUN_ALL_TESTS();
}
