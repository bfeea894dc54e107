#pragma once

// Checks of the alert rules (packaging/prometheus/alerts.yml) that promtool
// does not make: every rule has a severity the Alertmanager example routes
// (critical or warning) and a runbook_url under one base whose anchor is the
// rule's own row in README.md; and the Markdown anchors GitHub would render
// for README.md (heading slugs and explicit <a id>/<a name> anchors).

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lde::packaging {

struct AlertRule {
  std::string group;
  std::string name;
  std::string expr;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
};

struct AlertRules {
  std::vector<AlertRule> rules;       // alerting rules only, in file order
  std::vector<std::string> problems;  // YAML that is not a rule file
};

// Never throws: a YAML or structure error is reported as a problem.
AlertRules LoadAlertRules(std::string_view yaml_text);

// The anchor GitHub gives a heading: the text as rendered (code spans, links
// and emphasis markers reduced to their text), lower-cased, ASCII punctuation
// other than '-' and '_' removed, each space a '-' (github-slugger). Bytes
// outside ASCII are kept as they are (GitHub would lower-case non-ASCII
// letters too; README headings are ASCII).
std::string GitHubSlug(std::string_view heading_text);

// Every anchor a link into the rendered Markdown can name: ATX headings
// outside fenced code blocks (a repeated slug gets -1, -2, ... as on GitHub)
// and explicit <a id="..."> or <a name="..."> elements.
std::set<std::string> MarkdownAnchors(std::string_view markdown);

// The anchor a rule's runbook_url must name: "alert-" + its name lower-cased.
std::string RunbookAnchor(std::string_view alert_name);

// A `promtool test rules` file (alerts_test.yml), as far as these checks and
// the Alertmanager test need it.
struct ExpectedAlert {
  std::string alertname;
  std::map<std::string, std::string> labels;  // exp_labels, without alertname
};
struct AlertCheck {
  int eval_seconds = 0;
  std::string alertname;
  std::vector<ExpectedAlert> alerts;  // empty: expects none firing
};
struct ExprCheck {
  int eval_seconds = 0;
  std::string expr;
  std::vector<std::pair<std::string, double>> samples;  // labels text, value
};
struct RuleTest {
  std::string name;
  std::vector<AlertCheck> alert_checks;
  std::vector<ExprCheck> expr_checks;
};
struct RuleTests {
  std::vector<RuleTest> tests;
  std::vector<std::string> problems;
};

// Never throws. eval_time values are promtool durations (1h30m, 16m, 90s).
RuleTests LoadRuleTests(std::string_view yaml_text);

// The alerts a test expects firing at its last alert_rule_test evaluation
// time, over every alertname checked then.
std::vector<ExpectedAlert> FiringAtLastCheck(const RuleTest& test);

// Problems of the rules' severities and runbook URLs: each runbook_url is
// `base` + "#" + RunbookAnchor(name) and that anchor is in `anchors`.
std::vector<std::string> CheckRunbooks(const std::vector<AlertRule>& rules,
                                       const std::set<std::string>& anchors, std::string_view base);

}  // namespace lde::packaging
