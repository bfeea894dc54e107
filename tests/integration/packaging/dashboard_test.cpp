// The shipped Grafana dashboard: valid JSON (Poco::JSON), only metrics that
// names.h defines, queries through the datasource variable and filtered by
// $target, the panels the package promises, and PromQL that promtool parses.
// The checker itself is shown to fail on each kind of bad dashboard.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "dashboard_check.h"

#ifndef LDE_DASHBOARD_JSON
#error "LDE_DASHBOARD_JSON must name packaging/grafana/dashboard.json"
#endif
#ifndef LDE_NAMES_H
#error "LDE_NAMES_H must name daemon/metrics/names.h"
#endif
#ifndef LDE_PROMTOOL
#define LDE_PROMTOOL "/usr/bin/promtool"
#endif

namespace lde::packaging {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> KnownMetrics() { return MetricNamesFromHeader(ReadFile(LDE_NAMES_H)); }

// A dashboard with one panel: `panel` is spliced into the panels array and
// `extra_variable` into the templating list.
std::string MiniDashboard(const std::string& panel, bool with_profile = true) {
  const std::string ds = R"({"type": "prometheus", "uid": "${datasource}"})";
  auto var = [&](const std::string& name, const std::string& query) {
    return R"({"name": ")" + name + R"(", "type": "query", "datasource": )" + ds +
           R"(, "allValue": ".*", "definition": ")" + query + R"("})";
  };
  std::string vars = R"({"name": "datasource", "type": "datasource", "query": "prometheus"}, )" +
                     var("target", "label_values(probe_success, target)") + ", " +
                     var("network", "label_values(lyncdiscover_discovery_success, network)");
  if (with_profile) vars += ", " + var("profile", "label_values(lyncdiscover_mobile_signin_ready, profile)");
  return R"({"schemaVersion": 38, "uid": "u", "title": "t", "templating": {"list": [)" + vars +
         R"(]}, "panels": [)" + panel + "]}";
}

std::string Panel(const std::string& expr, const std::string& uid = "${datasource}", int x = 0) {
  return R"({"type": "timeseries", "title": "p", "id": )" + std::to_string(x + 1) + R"(, "gridPos": {"x": )" +
         std::to_string(x) + R"(, "y": 0, "w": 12, "h": 8},)" +
         R"( "datasource": {"type": "prometheus", "uid": ")" + uid + R"("},)" +
         R"( "targets": [{"refId": "A", "expr": ")" + expr + R"("}]})";
}

TEST(MetricNames, HeaderYieldsEveryQuotedMetricName) {
  const std::set<std::string> names = KnownMetrics();
  EXPECT_THAT(names, Contains("probe_success"));
  EXPECT_THAT(names, Contains("lyncdiscover_mobile_signin_ready"));
  EXPECT_THAT(names, Contains("lyncdiscover_exporter_config_last_reload_successful"));
  EXPECT_GE(names.size(), 25u);
  // Label names are quoted in names.h too, but are not metrics.
  EXPECT_THAT(names, Not(Contains("target")));
}

TEST(MetricNames, ExprNamesSkipStringsFunctionsAndPrefixedWords) {
  EXPECT_EQ(MetricNamesInExpr(
                R"(sum by (target) (rate(lyncdiscover_exporter_probes_total{target=~"probe_x"}[5m])))"),
            (std::set<std::string>{"lyncdiscover_exporter_probes_total"}));
  EXPECT_EQ(MetricNamesInExpr("probe_success and on(instance) lyncdiscover_exporter_build_info"),
            (std::set<std::string>{"probe_success", "lyncdiscover_exporter_build_info"}));
  EXPECT_THAT(MetricNamesInExpr("my_probe_success + xlyncdiscover_a"), IsEmpty());
  EXPECT_EQ(MetricNamesInExpr("probe_duration_seconds_bucket"),
            (std::set<std::string>{"probe_duration_seconds_bucket"}));
}

TEST(ShippedDashboard, HasNoProblems) {
  const DashboardReport report = CheckDashboard(ReadFile(LDE_DASHBOARD_JSON), KnownMetrics());
  EXPECT_THAT(report.problems, IsEmpty()) << ::testing::PrintToString(report.problems);
  EXPECT_GE(report.queries.size(), 20u);
}

TEST(ShippedDashboard, CoversReadinessCertificatesTrustProbesAndExporterHealth) {
  const DashboardReport report = CheckDashboard(ReadFile(LDE_DASHBOARD_JSON), KnownMetrics());
  for (const char* metric :
       {"lyncdiscover_mobile_signin_ready", "lyncdiscover_signin_failure_info",
        "lyncdiscover_cert_not_after_timestamp_seconds", "lyncdiscover_chain_trusted",
        "lyncdiscover_cert_hostname_match", "lyncdiscover_chain_complete", "probe_duration_seconds",
        "lyncdiscover_dns_lookup_success", "lyncdiscover_discovery_success",
        "lyncdiscover_ucwa_oauth_challenge", "lyncdiscover_exporter_config_last_reload_successful",
        "lyncdiscover_exporter_probes_total", "lyncdiscover_exporter_probe_runs_skipped_total"}) {
    EXPECT_THAT(report.metrics_used, Contains(metric));
  }
}

// Every panel query, with Grafana's variables filled in, as a recording rule
// that `promtool check rules` must accept: catches PromQL syntax errors that
// Grafana would only show as a red triangle.
TEST(ShippedDashboard, EveryQueryParsesAsPromQL) {
  ASSERT_EQ(::access(LDE_PROMTOOL, X_OK), 0) << LDE_PROMTOOL << " is missing; install promtool";
  const DashboardReport report = CheckDashboard(ReadFile(LDE_DASHBOARD_JSON), KnownMetrics());
  ASSERT_FALSE(report.queries.empty());

  std::array<char, 64> dir_template{};
  const std::string pattern = (std::filesystem::temp_directory_path() / "lde-dashboard.XXXXXX").string();
  ASSERT_LT(pattern.size(), dir_template.size());
  std::copy(pattern.begin(), pattern.end(), dir_template.begin());
  ASSERT_NE(::mkdtemp(dir_template.data()), nullptr);
  const std::filesystem::path dir(dir_template.data());
  const std::filesystem::path rules = dir / "rules.yml";
  {
    std::ofstream out(rules);
    out << "groups:\n  - name: dashboard\n    rules:\n";
    int n = 0;
    for (const DashboardQuery& query : report.queries) {
      std::string expr = std::regex_replace(query.expr, std::regex(R"(\$__rate_interval)"), "5m");
      // A YAML single-quoted scalar: only ' needs doubling.
      expr = std::regex_replace(expr, std::regex("'"), "''");
      out << "      - record: dashboard:query_" << ++n << "\n        expr: '" << expr << "'\n";
    }
  }
  const std::string command = std::string(LDE_PROMTOOL) + " check rules " + rules.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  const int status = ::pclose(pipe);
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_THAT(output, HasSubstr("SUCCESS"));
}

TEST(CheckDashboard, AcceptsAMinimalGoodDashboard) {
  const DashboardReport report =
      CheckDashboard(MiniDashboard(Panel(R"(probe_success{target=~\"$target\"})")), KnownMetrics());
  EXPECT_THAT(report.problems, IsEmpty()) << ::testing::PrintToString(report.problems);
}

TEST(CheckDashboard, ReportsInvalidJson) {
  const DashboardReport report = CheckDashboard(R"({"panels": [)", KnownMetrics());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_THAT(report.problems[0], HasSubstr("not valid JSON"));
}

TEST(CheckDashboard, ReportsANonObjectRoot) {
  const DashboardReport report = CheckDashboard("[1, 2]", KnownMetrics());
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_THAT(report.problems[0], HasSubstr("not a JSON object"));
}

TEST(CheckDashboard, ReportsAMetricNamesHDoesNotDefine) {
  const DashboardReport report =
      CheckDashboard(MiniDashboard(Panel(R"(rate(probe_duration_seconds_bucket{target=~\"$target\"}[5m]))")),
                     KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("unknown metric probe_duration_seconds_bucket")));
}

TEST(CheckDashboard, ReportsAPanelBoundToAFixedDatasource) {
  const DashboardReport report = CheckDashboard(
      MiniDashboard(Panel(R"(probe_success{target=~\"$target\"})", "P1809F7CD0C75ACF3")), KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("datasource is not the ${datasource} variable")));
}

TEST(CheckDashboard, ReportsAQueryThatIgnoresTheTargetVariable) {
  const DashboardReport report = CheckDashboard(MiniDashboard(Panel("probe_success")), KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("ignores the $target variable")));
}

TEST(CheckDashboard, ReportsAMissingVariable) {
  const DashboardReport report = CheckDashboard(
      MiniDashboard(Panel(R"(probe_success{target=~\"$target\"})"), /*with_profile=*/false), KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("no `profile` variable")));
}

TEST(CheckDashboard, ReportsOverlappingAndOffGridPanels) {
  const std::string expr = R"(probe_success{target=~\"$target\"})";
  const DashboardReport overlap = CheckDashboard(
      MiniDashboard(Panel(expr, "${datasource}", 0) + "," + Panel(expr, "${datasource}", 6)), KnownMetrics());
  EXPECT_THAT(overlap.problems, Contains(HasSubstr("overlaps")));
  const DashboardReport off_grid =
      CheckDashboard(MiniDashboard(Panel(expr, "${datasource}", 18)), KnownMetrics());
  EXPECT_THAT(off_grid.problems, Contains(HasSubstr("outside the 24-column grid")));
}

}  // namespace
}  // namespace lde::packaging
