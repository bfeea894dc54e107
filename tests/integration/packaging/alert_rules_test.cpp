// The shipped alert rules beyond what promtool checks: every rule has a
// severity the Alertmanager example routes and a runbook_url whose anchor is
// its own row in README.md (anchors computed as GitHub renders them), every
// rule has a promtool unit test in which it fires, and README.md has a row for
// each alert and none for alerts that do not exist. The checker is shown to
// fail on each kind of bad input.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "alert_rules_check.h"
#include "promql_selectors.h"

#ifndef LDE_ALERTS_YML
#error "LDE_ALERTS_YML must name packaging/prometheus/alerts.yml"
#endif
#ifndef LDE_ALERTS_TEST_YML
#error "LDE_ALERTS_TEST_YML must name packaging/prometheus/alerts_test.yml"
#endif
#ifndef LDE_README
#error "LDE_README must name README.md"
#endif

namespace lde::packaging {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kBase[] = "https://github.com/lyncdiscover-exporter/lyncdiscover_exporter/blob/main/README.md";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

AlertRules ShippedRules() { return LoadAlertRules(ReadFile(LDE_ALERTS_YML)); }

TEST(ShippedRules, EveryRuleHasASeverityAndARunbookInTheReadme) {
  const AlertRules rules = ShippedRules();
  ASSERT_THAT(rules.problems, IsEmpty());
  ASSERT_GE(rules.rules.size(), 15u);
  const std::vector<std::string> problems =
      CheckRunbooks(rules.rules, MarkdownAnchors(ReadFile(LDE_README)), kBase);
  EXPECT_THAT(problems, IsEmpty()) << ::testing::PrintToString(problems);
}

// A runbook row for an alert that no longer exists is as misleading as a
// missing one.
TEST(ShippedRules, TheReadmeHasARunbookRowForEachAlertAndNoOther) {
  std::set<std::string> expected;
  for (const AlertRule& rule : ShippedRules().rules) expected.insert(RunbookAnchor(rule.name));
  const std::string readme = ReadFile(LDE_README);
  static const std::regex kRow(R"re(<a id="(alert-[^"]+)")re");
  std::set<std::string> rows;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), kRow); it != std::sregex_iterator();
       ++it) {
    rows.insert((*it)[1].str());
  }
  EXPECT_EQ(rows, expected);
}

// `promtool test rules` covers every rule: each alert fires in at least one
// test case (a rule that is never shown firing could be dead).
TEST(ShippedRules, EveryAlertFiresInAPromtoolTest) {
  const RuleTests tests = LoadRuleTests(ReadFile(LDE_ALERTS_TEST_YML));
  ASSERT_THAT(tests.problems, IsEmpty());
  std::set<std::string> fired;
  for (const RuleTest& test : tests.tests) {
    for (const AlertCheck& check : test.alert_checks) {
      if (!check.alerts.empty()) fired.insert(check.alertname);
    }
  }
  for (const AlertRule& rule : ShippedRules().rules) EXPECT_THAT(fired, Contains(rule.name));
}

// Instances run with --vantage label every series with it. No rule may sum
// or join series of two vantages: every by/on list keeps `vantage` (a join
// with Prometheus' own `up`, which has no such label, aside), no without or
// ignoring drops it, no aggregation lacks a by clause. The promtool tests
// show what that buys ("vantages:" cases); this keeps a new rule honest.
TEST(ShippedRules, NoRuleSumsOrJoinsTwoVantagesTogether) {
  const AlertRules rules = ShippedRules();
  ASSERT_THAT(rules.problems, IsEmpty());
  for (const AlertRule& rule : rules.rules) {
    EXPECT_THAT(LabelDroppedProblems(rule.expr, "vantage"), IsEmpty()) << rule.name << ": " << rule.expr;
  }
  // Not vacuous: the rules before vantages were added would fail.
  EXPECT_THAT(LabelDroppedProblems("max by (job, instance, target, endpoint, address, role, network) "
                                   "(lyncdiscover_chain_trusted) == 0",
                                   "vantage"),
              ElementsAre("by (job, instance, target, endpoint, address, role, network) leaves out vantage"));
}

// Only what breaks sign-in or a probe, or blinds the monitoring, pages.
TEST(ShippedRules, SeveritiesAreTheReviewedOnes) {
  std::map<std::string, std::string> severity;
  for (const AlertRule& rule : ShippedRules().rules) severity[rule.name] = rule.labels.at("severity");
  const std::map<std::string, std::string> expected = {
      {"LyncdiscoverMobileSigninNotReady", "critical"},
      {"LyncdiscoverCertificateExpiringSoon", "warning"},
      {"LyncdiscoverChainUntrusted", "critical"},
      {"LyncdiscoverCertificateHostnameMismatch", "critical"},
      {"LyncdiscoverCertificateRequiredNameMissing", "warning"},
      {"LyncdiscoverChainIncomplete", "warning"},
      {"LyncdiscoverCertificatePolicyViolation", "warning"},
      {"LyncdiscoverRevocationUrlDown", "warning"},
      {"LyncdiscoverProbeFailing", "critical"},
      {"LyncdiscoverProbeStale", "warning"},
      {"LyncdiscoverProbeRunsSkipped", "warning"},
      {"LyncdiscoverExporterDown", "critical"},
      {"LyncdiscoverExporterNoResults", "critical"},
      {"LyncdiscoverExporterAbsent", "critical"},
      {"LyncdiscoverExporterVanished", "critical"},
      {"LyncdiscoverExporterJobNotMatched", "warning"},
      {"LyncdiscoverExporterConfigReloadFailed", "warning"},
  };
  EXPECT_EQ(severity, expected);
}

TEST(GitHubSlug, MatchesWhatGitHubRendersForHeadings) {
  EXPECT_EQ(GitHubSlug("Quick start"), "quick-start");
  EXPECT_EQ(GitHubSlug("How a probe behaves when a server misbehaves"),
            "how-a-probe-behaves-when-a-server-misbehaves");
  EXPECT_EQ(GitHubSlug("Alerts, runbooks & routing"), "alerts-runbooks--routing");
  EXPECT_EQ(GitHubSlug("`--once` output (wide)"), "--once-output-wide");
  EXPECT_EQ(GitHubSlug("The [Lync](https://example.org/lync) flow"), "the-lync-flow");
  EXPECT_EQ(GitHubSlug("Names each **certificate** must_carry"), "names-each-certificate-must_carry");
  EXPECT_EQ(GitHubSlug("C++ 3.0: what's new? ##"), "c-30-whats-new");
}

TEST(MarkdownAnchors, HeadingsNumberedWhenRepeatedExplicitAnchorsAndNoCodeBlocks) {
  const std::set<std::string> anchors = MarkdownAnchors(
      "# Title\n\n## Tests\n\ntext # not a heading\n\n```sh\n# a comment in code\n```\n\n### Tests\n"
      "#### Tests ###\n| <a id=\"alert-foo\"></a>`Foo` | x |\n<a name=\"legacy\"></a>\n    # indented "
      "code\n");
  EXPECT_EQ(anchors, (std::set<std::string>{"title", "tests", "tests-1", "tests-2", "alert-foo", "legacy"}));
}

TEST(MarkdownAnchors, TheReadmesOwnLinksResolve) {
  const std::string readme = ReadFile(LDE_README);
  const std::set<std::string> anchors = MarkdownAnchors(readme);
  static const std::regex kLink(R"(\]\(#([^)]+)\))");
  int links = 0;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), kLink); it != std::sregex_iterator();
       ++it) {
    ++links;
    EXPECT_THAT(anchors, Contains((*it)[1].str()));
  }
  EXPECT_GE(links, 1);
}

AlertRule Rule(const std::string& name, const std::string& severity, const std::string& runbook) {
  AlertRule rule{"g", name, "up == 0", {{"severity", severity}}, {}};
  if (!runbook.empty()) rule.annotations["runbook_url"] = runbook;
  return rule;
}

TEST(CheckRunbooks, ReportsEachKindOfBadRule) {
  const std::set<std::string> anchors = {"alert-good", "alert-other", "alert-wrongbase"};
  const std::string base = "https://x.example/README.md";
  const std::vector<std::string> problems =
      CheckRunbooks({Rule("Good", "critical", base + "#alert-good"), Rule("NoRunbook", "warning", ""),
                     Rule("Borrowed", "warning", base + "#alert-other"),
                     Rule("Missing", "warning", base + "#alert-missing"),
                     Rule("WrongBase", "warning", "https://elsewhere.example/README.md#alert-wrongbase"),
                     Rule("Pager", "page", base + "#alert-pager")},
                    anchors, base);
  EXPECT_THAT(
      problems,
      ElementsAre(HasSubstr("alert NoRunbook: no runbook_url annotation"),
                  HasSubstr("alert Borrowed: runbook_url https://x.example/README.md#alert-other is not "
                            "https://x.example/README.md#alert-borrowed"),
                  HasSubstr("alert Missing: runbook anchor #alert-missing is not in README.md"),
                  HasSubstr("alert WrongBase: runbook_url https://elsewhere.example"),
                  HasSubstr("alert Pager: severity page is neither critical nor warning"),
                  HasSubstr("alert Pager: runbook anchor #alert-pager is not in README.md")));
}

TEST(LoadAlertRules, ReadsAlertsSkipsRecordingRulesAndReportsNonRuleFiles) {
  const AlertRules rules = LoadAlertRules(
      "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n      - alert: A\n        "
      "expr: up == 0\n"
      "        labels: {severity: warning}\n        annotations: {runbook_url: 'u#x'}\n");
  EXPECT_THAT(rules.problems, IsEmpty());
  ASSERT_EQ(rules.rules.size(), 1u);
  EXPECT_EQ(rules.rules[0].name, "A");
  EXPECT_EQ(rules.rules[0].annotations.at("runbook_url"), "u#x");
  EXPECT_THAT(LoadAlertRules("groups: [").problems, Not(IsEmpty()));
  EXPECT_THAT(LoadAlertRules("rules: []").problems, ElementsAre("no `groups` list"));
}

TEST(LoadRuleTests, CollectsTheAlertsFiringAtTheLastCheck) {
  const RuleTests tests = LoadRuleTests(
      "tests:\n  - name: t\n    alert_rule_test:\n      - eval_time: 4m\n        alertname: A\n"
      "        exp_alerts: [{exp_labels: {severity: warning, x: '1'}}]\n"
      "      - eval_time: 1h1m\n        alertname: A\n        exp_alerts: [{exp_labels: {x: '2'}}]\n"
      "      - eval_time: 61m\n        alertname: B\n        exp_alerts: [{exp_labels: {y: '3'}}]\n"
      "    promql_expr_test:\n      - expr: count(ALERTS)\n        eval_time: 61m\n        exp_samples: "
      "[{value: 2}]\n");
  ASSERT_THAT(tests.problems, IsEmpty());
  ASSERT_EQ(tests.tests.size(), 1u);
  const std::vector<ExpectedAlert> firing = FiringAtLastCheck(tests.tests[0]);
  ASSERT_EQ(firing.size(), 2u);
  EXPECT_EQ(firing[0].alertname, "A");
  EXPECT_EQ(firing[0].labels.at("x"), "2");
  EXPECT_EQ(firing[1].alertname, "B");
  ASSERT_EQ(tests.tests[0].expr_checks.size(), 1u);
  EXPECT_EQ(tests.tests[0].expr_checks[0].eval_seconds, 3660);
  EXPECT_EQ(tests.tests[0].expr_checks[0].samples[0].second, 2.0);
}

}  // namespace
}  // namespace lde::packaging
