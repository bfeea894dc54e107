// The shipped Grafana dashboard: valid JSON (Poco::JSON), only metrics that
// names.h defines, queries through the datasource variable and filtered by
// $job, $instance and $target, the panels the package promises, PromQL that
// promtool parses, and no selector that lets another exporter's series of the
// same name (blackbox_exporter's probe_success) into a panel. The checker
// itself is shown to fail on each kind of bad dashboard.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "dashboard_check.h"
#include "dashboard_eval.h"
#include "promql_selectors.h"

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

// A dashboard with the five filtering variables (profile optional) and the
// panels in `panel`, spliced into the panels array.
std::string MiniDashboard(const std::string& panel, bool with_profile = true) {
  const std::string ds = R"({"type": "prometheus", "uid": "${datasource}"})";
  auto var = [&](const std::string& name, const std::string& query) {
    return R"({"name": ")" + name + R"(", "type": "query", "datasource": )" + ds +
           R"(, "allValue": ".*", "definition": ")" + query + R"("})";
  };
  auto exporter_var = [&](const std::string& name, const std::string& query) {
    return R"({"name": ")" + name + R"(", "type": "query", "datasource": )" + ds + R"(, "definition": ")" +
           query + R"("})";
  };
  const std::string filter = R"(job=~\"$job\", instance=~\"$instance\")";
  std::string vars =
      R"({"name": "datasource", "type": "datasource", "query": "prometheus"}, )" +
      exporter_var("job", "label_values(lyncdiscover_exporter_build_info, job)") + ", " +
      exporter_var("instance", R"(label_values(lyncdiscover_exporter_build_info{job=~\"$job\"}, instance))") +
      ", " + var("target", "label_values(probe_success{" + filter + "}, target)") + ", " +
      var("network", "label_values(lyncdiscover_discovery_success{" + filter + "}, network)");
  if (with_profile) {
    vars += ", " + var("profile", "label_values(lyncdiscover_mobile_signin_ready{" + filter + "}, profile)");
  }
  return R"({"schemaVersion": 38, "uid": "u", "title": "t", "templating": {"list": [)" + vars +
         R"(]}, "panels": [)" + panel + "]}";
}

// A query that filters as every shipped query must (JSON-escaped quotes).
const std::string kGoodExpr = R"(probe_success{job=~\"$job\", instance=~\"$instance\", target=~\"$target\"})";

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
        "lyncdiscover_exporter_probes_total", "lyncdiscover_exporter_probe_runs_skipped_total",
        "lyncdiscover_cert_policy_violation", "lyncdiscover_cert_san_missing",
        "lyncdiscover_revocation_url_up", "lyncdiscover_revocation_url_info", "lyncdiscover_ocsp_status",
        "lyncdiscover_crl_status"}) {
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
  const DashboardReport report = CheckDashboard(MiniDashboard(Panel(kGoodExpr)), KnownMetrics());
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
  const DashboardReport report = CheckDashboard(
      MiniDashboard(Panel(
          R"(rate(probe_duration_seconds_bucket{job=~\"$job\", instance=~\"$instance\", target=~\"$target\"}[5m]))")),
      KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("unknown metric probe_duration_seconds_bucket")));
}

TEST(CheckDashboard, ReportsAPanelBoundToAFixedDatasource) {
  const DashboardReport report =
      CheckDashboard(MiniDashboard(Panel(kGoodExpr, "P1809F7CD0C75ACF3")), KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("datasource is not the ${datasource} variable")));
}

TEST(CheckDashboard, ReportsAQueryThatIgnoresTheTargetVariable) {
  const DashboardReport report = CheckDashboard(MiniDashboard(Panel("probe_success")), KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("ignores the $target variable")));
}

TEST(CheckDashboard, ReportsAMissingVariable) {
  const DashboardReport report =
      CheckDashboard(MiniDashboard(Panel(kGoodExpr), /*with_profile=*/false), KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("no `profile` variable")));
}

TEST(CheckDashboard, ReportsOverlappingAndOffGridPanels) {
  const std::string& expr = kGoodExpr;
  const DashboardReport overlap = CheckDashboard(
      MiniDashboard(Panel(expr, "${datasource}", 0) + "," + Panel(expr, "${datasource}", 6)), KnownMetrics());
  EXPECT_THAT(overlap.problems, Contains(HasSubstr("overlaps")));
  const DashboardReport off_grid =
      CheckDashboard(MiniDashboard(Panel(expr, "${datasource}", 18)), KnownMetrics());
  EXPECT_THAT(off_grid.problems, Contains(HasSubstr("outside the 24-column grid")));
}

TEST(ShippedDashboard, CurrentFailuresListsDeploymentsNextToPlainTargets) {
  const DashboardReport report = CheckDashboard(ReadFile(LDE_DASHBOARD_JSON), KnownMetrics());
  std::set<std::string> metrics;
  for (const DashboardQuery& query : report.queries) {
    if (query.panel != "Current failures") continue;
    const std::set<std::string> used = MetricNamesInExpr(query.expr);
    metrics.insert(used.begin(), used.end());
  }
  EXPECT_EQ(metrics,
            (std::set<std::string>{"lyncdiscover_probe_failure_info", "lyncdiscover_signin_failure_info"}));
}

// The exporters' variables, as Grafana fills them on "All": our job and
// instance, from build_info.
constexpr char kOurJob[] = "lyncdiscover";
constexpr char kOurInstance[] = "mon.example:9863";

std::vector<Series> BuildInfo() {
  return {{"lyncdiscover_exporter_build_info",
           {{"job", kOurJob}, {"instance", kOurInstance}, {"version", "0.1.0"}}}};
}

bool IsBlackbox(const Series& s) { return s.labels.count("job") != 0 && s.labels.at("job") == "blackbox"; }

// For every selector of every query: a series with the same name and the
// labels the selector asks for, once from our exporter and once from a
// blackbox_exporter (job="blackbox", instance="bb:9115"), plus blackbox's own
// probe_* series as it exports them (no target label). Ours must be picked,
// blackbox's never.
TEST(ShippedDashboard, NoQueryPicksUpAnotherExportersSeriesOfTheSameName) {
  // Independent of the static check (HasNoProblems): evaluated even when
  // that one complains.
  const DashboardReport report = CheckDashboard(ReadFile(LDE_DASHBOARD_JSON), KnownMetrics());
  std::vector<Series> series = BuildInfo();
  const std::map<std::string, std::string> variables = AllSelected(series);
  EXPECT_EQ(variables.at("instance"), R"((mon\\.example:9863))");
  std::vector<DashboardQuery> queries = report.variable_queries;
  queries.insert(queries.end(), report.queries.begin(), report.queries.end());
  for (const DashboardQuery& query : queries) {
    for (const Selector& selector : SelectorsInExpr(Interpolate(query.expr, variables)).selectors) {
      series.push_back(DecoyFor(selector, kOurJob, kOurInstance));
      // Only our exporters have build_info: it is what the job variable
      // lists, unfiltered. Every other name gets a blackbox twin.
      if (selector.metric != "lyncdiscover_exporter_build_info") {
        series.push_back(DecoyFor(selector, "blackbox", "bb:9115"));
      }
    }
  }
  for (const char* name : {"probe_success", "probe_duration_seconds", "probe_ssl_earliest_cert_expiry"}) {
    series.push_back({name, {{"job", "blackbox"}, {"instance", "bb:9115"}}});
    series.push_back(
        {name, {{"job", "blackbox"}, {"instance", "bb:9115"}, {"target", "https://example.org"}}});
  }
  series.push_back(
      {"probe_tls_version_info", {{"job", "blackbox"}, {"instance", "bb:9115"}, {"version", "TLS 1.3"}}});

  const SelectorEvaluation evaluation = EvaluateSelectors(report, variables, series);
  EXPECT_THAT(evaluation.problems, IsEmpty());
  EXPECT_GE(evaluation.picks.size(), report.queries.size());
  // Every selector picks our decoy (so the blackbox decoy differs only in
  // job and instance) and no blackbox series.
  const std::vector<std::string> problems = IsolationProblems(evaluation, series, IsBlackbox);
  EXPECT_THAT(problems, IsEmpty()) << ::testing::PrintToString(problems);
  for (const SelectorPick& pick : evaluation.picks) {
    SCOPED_TRACE(pick.query.panel + " " + pick.query.ref_id + ": " + pick.query.expr);
    EXPECT_TRUE(std::any_of(pick.selected.begin(), pick.selected.end(),
                            [](const Series& s) { return !IsBlackbox(s); }));
  }
}

// The bug this guards against, shown on the old query: `target=~".*"`
// matches a series without a target label, and job/instance keep it out.
TEST(Selectors, TargetAllMatchesSeriesWithoutTheLabelAndJobInstanceFiltersDoNot) {
  const Series blackbox{"probe_success", {{"job", "blackbox"}, {"instance", "bb:9115"}}};
  const std::map<std::string, std::string> variables = AllSelected(BuildInfo());
  const SelectorParse old_query =
      SelectorsInExpr(Interpolate(R"(probe_success{target=~"$target"})", variables));
  ASSERT_EQ(old_query.selectors.size(), 1u);
  EXPECT_TRUE(Selects(old_query.selectors[0], blackbox));
  const SelectorParse new_query = SelectorsInExpr(
      Interpolate(R"(probe_success{job=~"$job", instance=~"$instance", target=~"$target"})", variables));
  ASSERT_EQ(new_query.selectors.size(), 1u);
  EXPECT_FALSE(Selects(new_query.selectors[0], blackbox));
  EXPECT_TRUE(Selects(new_query.selectors[0],
                      {"probe_success", {{"job", kOurJob}, {"instance", kOurInstance}, {"target", "t"}}}));
  // Anchored: a longer instance name that contains ours is not ours.
  EXPECT_FALSE(Selects(new_query.selectors[0],
                       {"probe_success", {{"job", kOurJob}, {"instance", "mon.example:98630"}}}));
  // The escaped dot matches a dot only.
  EXPECT_FALSE(Selects(new_query.selectors[0],
                       {"probe_success", {{"job", kOurJob}, {"instance", "monXexample:9863"}}}));
}

TEST(Selectors, ReadsEverySelectorOfAQuery) {
  const SelectorParse parsed = SelectorsInExpr(
      R"(sum by (target) (rate(lyncdiscover_exporter_probes_total{job=~"$job", target=~"probe_x"}[$__rate_interval]))))"
      R"( * on(instance) group_left(version) lyncdiscover_exporter_build_info)"
      R"( / label_replace(probe_success {result!="a}b" , x!~'y'}, "k", "v", "", "") > 86400 offset 5m)");
  EXPECT_THAT(parsed.problems, IsEmpty());
  ASSERT_EQ(parsed.selectors.size(), 3u);
  EXPECT_EQ(parsed.selectors[0].metric, "lyncdiscover_exporter_probes_total");
  ASSERT_EQ(parsed.selectors[0].matchers.size(), 2u);
  EXPECT_EQ(parsed.selectors[0].matchers[1].label, "target");
  EXPECT_EQ(parsed.selectors[0].matchers[1].op, "=~");
  EXPECT_EQ(parsed.selectors[0].matchers[1].value, "probe_x");
  EXPECT_EQ(parsed.selectors[1].metric, "lyncdiscover_exporter_build_info");
  EXPECT_TRUE(parsed.selectors[1].matchers.empty());
  EXPECT_EQ(parsed.selectors[2].metric, "probe_success");
  ASSERT_EQ(parsed.selectors[2].matchers.size(), 2u);
  EXPECT_EQ(parsed.selectors[2].matchers[0].value, "a}b");
  EXPECT_EQ(parsed.selectors[2].matchers[1].op, "!~");
  // label_values() queries, and escapes in strings.
  const SelectorParse variable = SelectorsInExpr(R"(label_values(lyncdiscover_x{a="q\"t\\d"}, target))");
  ASSERT_EQ(variable.selectors.size(), 1u);
  EXPECT_EQ(variable.selectors[0].matchers[0].value, "q\"t\\d");
}

TEST(Selectors, ReportsWhatItCannotRead) {
  EXPECT_THAT(SelectorsInExpr(R"({__name__="probe_success"})").problems,
              Contains(HasSubstr("label matchers without a metric name")));
  EXPECT_THAT(SelectorsInExpr(R"(probe_success{job=~$job})").problems,
              Contains(HasSubstr("unreadable label matcher in probe_success")));
  EXPECT_THAT(SelectorsInExpr(R"(probe_success{job="x)").problems, Not(IsEmpty()));
}

TEST(Selectors, InterpolatesAsGrafanaDoes) {
  EXPECT_EQ(
      Interpolate("a{job=~\"$job\", i=~\"${instance}\", t=~\"${target:regex}\"}[$__rate_interval] $other",
                  {{"job", "(j)"}, {"instance", "(i)"}, {"target", ".*"}, {"__rate_interval", "5m"}}),
      "a{job=~\"(j)\", i=~\"(i)\", t=~\".*\"}[5m] $other");
  EXPECT_EQ(RegexAlternation({"lyncdiscover", "a.b:1"}), R"((lyncdiscover|a\\.b:1))");
}

// The static check: a selector without the job or instance filter.
TEST(CheckDashboard, ReportsASelectorThatOtherExportersSeriesCouldEnter) {
  const DashboardReport report = CheckDashboard(
      MiniDashboard(Panel(
          R"(probe_success{target=~\"$target\"} and on(instance) lyncdiscover_exporter_build_info{job=~\"$job\"})")),
      KnownMetrics());
  EXPECT_THAT(report.problems,
              Contains(HasSubstr(R"(selector probe_success is not filtered by job=~"$job")")));
  EXPECT_THAT(report.problems,
              Contains(HasSubstr(R"(selector probe_success is not filtered by instance=~"$instance")")));
  EXPECT_THAT(
      report.problems,
      Contains(HasSubstr(R"(selector lyncdiscover_exporter_build_info is not filtered by instance)")));
}

TEST(CheckDashboard, ReportsExporterVariablesThatWouldMatchOtherExporters) {
  std::string json = MiniDashboard(Panel(kGoodExpr));
  const std::string job_query = "label_values(lyncdiscover_exporter_build_info, job)";
  // Ends the definition string and adds an allValue: the JSON of a job
  // variable listed from `up` whose "All" is .*.
  const std::string kLeakyJob = std::string("label_values(up, job)") + "\", \"allValue\": \".*";
  json.replace(json.find(job_query), job_query.size(), kLeakyJob);
  const DashboardReport report = CheckDashboard(json, KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("variable job: has an allValue")));
  EXPECT_THAT(report.problems,
              Contains(HasSubstr("variable job: not listed from lyncdiscover_exporter_build_info")));
}

// The dynamic check fails too: a panel without the filters picks up the
// blackbox series, and one whose filter hides our data is reported.
TEST(IsolationProblems, ReportsForeignSeriesAndSelectorsThatHideOurs) {
  DashboardReport report;
  report.queries = {{"leaky", "A", R"(probe_success{target=~"$target"})"},
                    {"blind", "A", R"(probe_success{job=~"$job", instance=~"$instance", target="nothing"})"}};
  std::vector<Series> series = BuildInfo();
  series.push_back({"probe_success", {{"job", kOurJob}, {"instance", kOurInstance}, {"target", "t"}}});
  series.push_back({"probe_success", {{"job", "blackbox"}, {"instance", "bb:9115"}}});
  const SelectorEvaluation evaluation = EvaluateSelectors(report, AllSelected(series), series);
  const std::vector<std::string> problems = IsolationProblems(evaluation, series, IsBlackbox);
  EXPECT_THAT(
      problems,
      Contains(HasSubstr(
          R"(leaky query A, selector probe_success: selects the foreign series probe_success{instance="bb:9115",job="blackbox"})")));
  EXPECT_THAT(
      problems,
      Contains(HasSubstr("blind query A, selector probe_success: selects none of our probe_success")));
  EXPECT_EQ(problems.size(), 2u);
}

}  // namespace
}  // namespace lde::packaging
