// The shipped Grafana dashboard: valid JSON (Poco::JSON), only metrics that
// names.h defines, queries through the datasource variable and filtered by
// $job, $instance, $vantage and $target, the panels the package promises,
// PromQL that promtool parses, no selector that lets another exporter's series
// of the same name (blackbox_exporter's probe_success) into a panel, no query
// that sums or joins two vantages together, the $vantage choice honoured (and
// "All" working without any vantage label), and the side-by-side panel's
// query evaluated by promtool. The checker itself is shown to fail on each
// kind of bad dashboard.

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

#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
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
using ::testing::ElementsAre;
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

// A fresh directory under the system's temp directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::array<char, 64> dir_template{};
    const std::string pattern = (std::filesystem::temp_directory_path() / "lde-dashboard.XXXXXX").string();
    if (pattern.size() < dir_template.size()) {
      std::copy(pattern.begin(), pattern.end(), dir_template.begin());
      if (::mkdtemp(dir_template.data()) != nullptr) path_ = dir_template.data();
    }
  }
  ~TempDir() {
    if (!path_.empty()) std::filesystem::remove_all(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct PromtoolRun {
  bool ok = false;  // exited 0
  std::string output;
};

// promtool with `args`, stdout and stderr together.
PromtoolRun RunPromtool(const std::string& args) {
  const std::string command = std::string(LDE_PROMTOOL) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {false, "popen failed"};
  PromtoolRun run;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.output += buffer.data();
  const int status = ::pclose(pipe);
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

// A YAML single-quoted scalar: only ' needs doubling.
std::string YamlQuoted(const std::string& text) {
  return "'" + std::regex_replace(text, std::regex("'"), "''") + "'";
}

// A dashboard with the six filtering variables (profile optional) and the
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
  const std::string filter = R"(job=~\"$job\", instance=~\"$instance\", vantage=~\"$vantage\")";
  const std::string vantage =
      R"({"name": "vantage", "type": "query", "multi": true, "includeAll": true, "datasource": )" + ds +
      R"json(, "allValue": ".*", "definition": "label_values(lyncdiscover_exporter_build_info{job=~\"$job\"}, vantage)"})json";
  std::string vars =
      R"({"name": "datasource", "type": "datasource", "query": "prometheus"}, )" +
      exporter_var("job", "label_values(lyncdiscover_exporter_build_info, job)") + ", " + vantage + ", " +
      exporter_var(
          "instance",
          R"(label_values(lyncdiscover_exporter_build_info{job=~\"$job\", vantage=~\"$vantage\"}, instance))") +
      ", " + var("target", "label_values(probe_success{" + filter + "}, target)") + ", " +
      var("network", "label_values(lyncdiscover_discovery_success{" + filter + "}, network)");
  if (with_profile) {
    vars += ", " + var("profile", "label_values(lyncdiscover_mobile_signin_ready{" + filter + "}, profile)");
  }
  return R"({"schemaVersion": 38, "uid": "u", "title": "t", "templating": {"list": [)" + vars +
         R"(]}, "panels": [)" + panel + "]}";
}

// A query that filters as every shipped query must (JSON-escaped quotes).
const std::string kFilter = R"(job=~\"$job\", instance=~\"$instance\", vantage=~\"$vantage\")";
const std::string kGoodExpr = R"(probe_success{)" + kFilter + R"(, target=~\"$target\"})";

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

  const TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::filesystem::path rules = dir.path() / "rules.yml";
  {
    std::ofstream out(rules);
    out << "groups:\n  - name: dashboard\n    rules:\n";
    int n = 0;
    for (const DashboardQuery& query : report.queries) {
      const std::string expr = std::regex_replace(query.expr, std::regex(R"(\$__rate_interval)"), "5m");
      out << "      - record: dashboard:query_" << ++n << "\n        expr: " << YamlQuoted(expr) << "\n";
    }
  }
  const PromtoolRun run = RunPromtool("check rules " + rules.string());
  EXPECT_TRUE(run.ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("SUCCESS"));
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

// ---- Vantages -------------------------------------------------------------

TEST(CheckDashboard, ReportsAQueryThatIgnoresTheVantageVariable) {
  const DashboardReport report = CheckDashboard(
      MiniDashboard(Panel(R"(probe_success{job=~\"$job\", instance=~\"$instance\", target=~\"$target\"})")),
      KnownMetrics());
  EXPECT_THAT(report.problems,
              ElementsAre(HasSubstr(R"(selector probe_success is not filtered by vantage=~"$vantage")")));
}

// Each way a query can put two vantages' series together, and the ways that
// keep them apart.
TEST(CheckDashboard, ReportsQueriesThatSumOrJoinVantagesTogether) {
  const std::string ps = R"(probe_success{)" + kFilter + R"(, target=~\"$target\"})";
  const std::string info = R"(lyncdiscover_exporter_build_info{)" + kFilter + "}";
  auto problems = [](const std::string& expr) {
    return CheckDashboard(MiniDashboard(Panel(expr)), KnownMetrics()).problems;
  };
  EXPECT_THAT(problems("sum by (target) (" + ps + ")"),
              ElementsAre(HasSubstr("query A: by (target) leaves out vantage")));
  EXPECT_THAT(problems("count(" + ps + ")"),
              ElementsAre(HasSubstr("count(...) without a by clause aggregates vantage away")));
  EXPECT_THAT(problems("max without (vantage, instance) (" + ps + ")"),
              ElementsAre(HasSubstr("without (vantage, instance) drops vantage")));
  EXPECT_THAT(problems(ps + " * on(job, instance, target) group_left(version) " + info),
              ElementsAre(HasSubstr("on (job, instance, target) leaves out vantage")));
  EXPECT_THAT(problems(ps + " / ignoring(vantage) " + ps),
              ElementsAre(HasSubstr("ignoring (vantage) drops")));
  EXPECT_THAT(problems("sum by (vantage, target) (" + ps + ")"), IsEmpty());
  EXPECT_THAT(problems("sum(" + ps + ") by (vantage)"), IsEmpty());
  EXPECT_THAT(problems("max without (instance) (" + ps + ")"), IsEmpty());
  EXPECT_THAT(problems(ps + " * on(job, instance, vantage, target) group_left(version) " + info), IsEmpty());
}

TEST(CheckDashboard, ReportsAVantageVariableThatMissesExportersWithoutOne) {
  std::string json = MiniDashboard(Panel(kGoodExpr));
  const std::string good = R"("name": "vantage", "type": "query", "multi": true, "includeAll": true)";
  json.replace(json.find(good), good.size(), R"("name": "vantage", "type": "query", "multi": false)");
  const std::string all =
      R"("allValue": ".*", "definition": "label_values(lyncdiscover_exporter_build_info{job)";
  json.replace(json.find(all), all.size(),
               R"("definition": "label_values(lyncdiscover_exporter_build_info{job)");
  const DashboardReport report = CheckDashboard(json, KnownMetrics());
  EXPECT_THAT(report.problems, Contains(HasSubstr("variable vantage: allValue is not .*")));
  EXPECT_THAT(report.problems, Contains(HasSubstr("variable vantage: is not multi-select with All")));
}

TEST(Selectors, LabelDroppedProblemsReadsEveryGroupingClause) {
  EXPECT_THAT(LabelDroppedProblems(R"q(label_replace(x, "by", "on", "without", "(a)") and on(vantage) y)q",
                                   "vantage"),
              IsEmpty());
  EXPECT_THAT(LabelDroppedProblems("a unless on(job, instance) up unless on() absent(up)", "vantage"),
              IsEmpty());
  EXPECT_THAT(LabelDroppedProblems("a * on(job) group_left(v) up", "vantage"), IsEmpty());
  EXPECT_THAT(LabelDroppedProblems("a * on(job) group_left(v) b", "vantage"),
              ElementsAre("on (job) leaves out vantage"));
  EXPECT_THAT(LabelDroppedProblems(
                  "max_over_time(a[1d]) + topk(1, b) + sum by(vantage)(c) + sum(d) without(x)", "vantage"),
              ElementsAre("topk(...) without a by clause aggregates vantage away"));
  EXPECT_THAT(LabelDroppedProblems("count by (instance, vantage_x) (a)", "vantage"),
              ElementsAre("by (instance, vantage_x) leaves out vantage"));
}

// What the $vantage choice does to every panel and variable query (those of
// $job and $vantage, which list all vantages, aside): for each selector, a
// series of ours from vantage inside, one from outside and one without a
// vantage label. "All" selects the three: it works where no exporter has
// --vantage; one vantage selects its own series only; two select both.
TEST(ShippedDashboard, EveryQueryHonoursTheVantageChoiceAndAllMatchesSeriesWithoutOne) {
  const DashboardReport shipped = CheckDashboard(ReadFile(LDE_DASHBOARD_JSON), KnownMetrics());
  DashboardReport report;
  report.queries = shipped.queries;
  for (const DashboardQuery& query : shipped.variable_queries) {
    if (query.panel != "variable job" && query.panel != "variable vantage") report.queries.push_back(query);
  }
  ASSERT_GE(report.queries.size(), shipped.queries.size() + 4);  // instance, target, network, profile
  std::vector<Series> series = BuildInfo();
  std::map<std::string, std::string> variables = AllSelected(series);
  EXPECT_EQ(variables.at("vantage"), ".*");
  for (const DashboardQuery& query : report.queries) {
    for (const Selector& selector : SelectorsInExpr(Interpolate(query.expr, variables)).selectors) {
      for (const char* vantage : {"inside", "outside", ""}) {
        Series decoy = DecoyFor(selector, kOurJob, kOurInstance);
        if (*vantage != '\0') decoy.labels["vantage"] = vantage;
        series.push_back(std::move(decoy));
      }
    }
  }
  auto vantages_picked = [&](const std::string& choice) {
    variables["vantage"] = choice;
    std::map<std::string, std::set<std::string>> picked;  // per query and selector
    const SelectorEvaluation evaluation = EvaluateSelectors(report, variables, series);
    EXPECT_THAT(evaluation.problems, IsEmpty());
    for (const SelectorPick& pick : evaluation.picks) {
      std::set<std::string>& seen =
          picked[pick.query.panel + " " + pick.query.ref_id + " " + pick.selector.metric];
      for (const Series& s : pick.selected)
        seen.insert(s.labels.count("vantage") != 0 ? s.labels.at("vantage") : "");
    }
    return picked;
  };
  const std::vector<std::pair<std::string, std::set<std::string>>> choices = {
      {".*", {"", "inside", "outside"}},  // All
      {"(inside)", {"inside"}},
      {"(inside|outside)", {"inside", "outside"}},
  };
  for (const auto& [choice, expected] : choices) {
    const auto picked = vantages_picked(choice);
    EXPECT_GE(picked.size(), report.queries.size());
    for (const auto& [where, seen] : picked)
      EXPECT_EQ(seen, expected) << where << " with $vantage=" << choice;
  }
}

// The "inside vs outside" panel: its query, run by promtool over an inside
// instance (two: the worst verdict counts), an outside one that probes only
// the external network and one without --vantage, gives one series per
// deployment and profile (its row) and vantage and network (its column),
// which the panel's groupingToMatrix turns into the table; the 5.4 case
// shows as NOT READY from inside, internal network only.
TEST(ShippedDashboard, TheSideBySidePanelShowsEachVantageAndNetworkInItsOwnColumn) {
  ASSERT_EQ(::access(LDE_PROMTOOL, X_OK), 0) << LDE_PROMTOOL << " is missing; install promtool";
  const Poco::JSON::Object::Ptr root =
      Poco::JSON::Parser().parse(ReadFile(LDE_DASHBOARD_JSON)).extract<Poco::JSON::Object::Ptr>();
  const Poco::JSON::Array::Ptr panels = root->getArray("panels");
  Poco::JSON::Object::Ptr panel;
  for (std::size_t i = 0; i < panels->size(); ++i) {
    const Poco::JSON::Object::Ptr candidate = panels->getObject(static_cast<unsigned>(i));
    if (candidate->getValue<std::string>("title").find("side by side") != std::string::npos)
      panel = candidate;
  }
  ASSERT_FALSE(panel.isNull()) << "no side-by-side panel";
  const Poco::JSON::Array::Ptr targets = panel->getArray("targets");
  ASSERT_EQ(targets->size(), 1u);
  const std::string expr = targets->getObject(0)->getValue<std::string>("expr");
  Poco::JSON::Object::Ptr matrix;
  const Poco::JSON::Array::Ptr transformations = panel->getArray("transformations");
  for (std::size_t i = 0; transformations && i < transformations->size(); ++i) {
    const Poco::JSON::Object::Ptr t = transformations->getObject(static_cast<unsigned>(i));
    if (t->getValue<std::string>("id") == "groupingToMatrix") matrix = t->getObject("options");
  }
  ASSERT_FALSE(matrix.isNull()) << "no groupingToMatrix transformation";
  EXPECT_EQ(matrix->getValue<std::string>("rowField"), "deployment");
  EXPECT_EQ(matrix->getValue<std::string>("columnField"), "seen_from");
  EXPECT_EQ(matrix->getValue<std::string>("valueField"), "Value");

  const std::vector<Series> build_info = {
      {"lyncdiscover_exporter_build_info",
       {{"job", kOurJob}, {"instance", "in-a:9863"}, {"vantage", "inside"}}},
      {"lyncdiscover_exporter_build_info",
       {{"job", kOurJob}, {"instance", "in-b:9863"}, {"vantage", "inside"}}},
      {"lyncdiscover_exporter_build_info",
       {{"job", kOurJob}, {"instance", "out:9863"}, {"vantage", "outside"}}},
      {"lyncdiscover_exporter_build_info", {{"job", kOurJob}, {"instance", "lone:9863"}}},
  };
  std::map<std::string, std::string> variables = AllSelected(build_info);
  const std::string all = Interpolate(expr, variables);
  variables["vantage"] = "(outside)";
  const std::string outside = Interpolate(expr, variables);

  const TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  {
    std::ofstream rules(dir.path() / "rules.yml");
    rules << "groups:\n  - name: dashboard\n    rules:\n"
          << "      - record: dashboard:all\n        expr: " << YamlQuoted(all) << "\n"
          << "      - record: dashboard:outside\n        expr: " << YamlQuoted(outside) << "\n";
  }
  auto ready = [](const std::string& instance, const std::string& vantage, const std::string& target,
                  const std::string& network, const std::string& profile, int value) {
    return "      - series: 'lyncdiscover_mobile_signin_ready{job=\"lyncdiscover\",instance=\"" + instance +
           "\"" + (vantage.empty() ? "" : ",vantage=\"" + vantage + "\"") + ",target=\"" + target +
           "\",network=\"" + network + "\",profile=\"" + profile + "\"}'\n        values: '" +
           std::to_string(value) + "x5'\n";
  };
  auto row = [](const std::string& record, const std::string& vantage, const std::string& target,
                const std::string& network, const std::string& profile, int value) {
    return "          - labels: '" + record + "{deployment=\"" + target + " \u00b7 " + profile +
           "\", network=\"" + network + "\", profile=\"" + profile + "\", seen_from=\"" + vantage +
           " \u00b7 " + network + "\", target=\"" + target + "\", vantage=\"" + vantage +
           "\"}'\n            value: " + std::to_string(value) + "\n";
  };
  const std::string fe = "enterprise-fe.lab.test";
  {
    std::ofstream test(dir.path() / "test.yml");
    test
        << "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
        << ready("in-a:9863", "inside", fe, "internal", "unmanaged", 0)
        << ready("in-b:9863", "inside", fe, "internal", "unmanaged", 1)
        << ready("in-a:9863", "inside", fe, "external", "unmanaged", 1)
        << ready("out:9863", "outside", fe, "external", "unmanaged", 1)
        << ready("lone:9863", "", "contoso.com", "internal", "managed", 1)
        // Another exporter's job: not in $job, not in the table.
        << ready("other:9863", "outside", fe, "external", "unmanaged", 0)
        << "    promql_expr_test:\n      - expr: dashboard:all\n        eval_time: 5m\n        exp_samples:\n"
        << row("dashboard:all", "inside", fe, "internal", "unmanaged", 0)
        << row("dashboard:all", "inside", fe, "external", "unmanaged", 1)
        << row("dashboard:all", "outside", fe, "external", "unmanaged", 1)
        << row("dashboard:all", "(no vantage)", "contoso.com", "internal", "managed", 1)
        << "      - expr: dashboard:outside\n        eval_time: 5m\n        exp_samples:\n"
        << row("dashboard:outside", "outside", fe, "external", "unmanaged", 1);
  }
  const PromtoolRun run = RunPromtool("test rules " + (dir.path() / "test.yml").string());
  EXPECT_TRUE(run.ok) << run.output << "\nquery: " << all;
  EXPECT_THAT(run.output, HasSubstr("SUCCESS"));
}

}  // namespace
}  // namespace lde::packaging
