#include "alert_rules_check.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

namespace lde::packaging {
namespace {

std::map<std::string, std::string> StringMap(const YAML::Node& node) {
  std::map<std::string, std::string> out;
  if (!node || !node.IsMap()) return out;
  for (const auto& item : node) out[item.first.as<std::string>()] = item.second.as<std::string>();
  return out;
}

// A heading's text as GitHub renders it: `code` -> code, [text](url) -> text,
// emphasis asterisks dropped; trailing closing #s removed.
std::string RenderedHeadingText(std::string text) {
  text = std::regex_replace(text, std::regex(R"(\s+#+\s*$)"), "");
  text = std::regex_replace(text, std::regex(R"(\[([^\]]*)\]\([^)]*\))"), "$1");
  std::string out;
  for (char c : text) {
    if (c != '`' && c != '*') out += c;
  }
  // Leading and trailing spaces are not part of the heading.
  const auto first = out.find_first_not_of(' ');
  const auto last = out.find_last_not_of(' ');
  return first == std::string::npos ? "" : out.substr(first, last - first + 1);
}

// "1h30m", "16m", "90s" -> seconds; -1 when it is none of those.
int DurationSeconds(const std::string& text) {
  static const std::regex kDuration(R"(^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$)");
  std::smatch m;
  if (text.empty() || !std::regex_match(text, m, kDuration)) return -1;
  auto part = [&](int i) { return m[i].matched ? std::stoi(m[i].str()) : 0; };
  return part(1) * 3600 + part(2) * 60 + part(3);
}

}  // namespace

RuleTests LoadRuleTests(std::string_view yaml_text) {
  RuleTests out;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    const YAML::Node tests = root["tests"];
    if (!tests || !tests.IsSequence()) {
      out.problems.emplace_back("no `tests` list");
      return out;
    }
    for (const auto& test : tests) {
      RuleTest rule_test;
      rule_test.name = test["name"] ? test["name"].as<std::string>() : "";
      for (const auto& check : test["alert_rule_test"]) {
        AlertCheck alert_check;
        alert_check.eval_seconds = DurationSeconds(check["eval_time"].as<std::string>());
        alert_check.alertname = check["alertname"].as<std::string>();
        for (const auto& alert : check["exp_alerts"]) {
          alert_check.alerts.push_back({alert_check.alertname, StringMap(alert["exp_labels"])});
        }
        rule_test.alert_checks.push_back(std::move(alert_check));
      }
      for (const auto& check : test["promql_expr_test"]) {
        ExprCheck expr_check;
        expr_check.eval_seconds = DurationSeconds(check["eval_time"].as<std::string>());
        expr_check.expr = check["expr"].as<std::string>();
        for (const auto& sample : check["exp_samples"]) {
          expr_check.samples.emplace_back(sample["labels"] ? sample["labels"].as<std::string>() : "",
                                          sample["value"].as<double>());
        }
        rule_test.expr_checks.push_back(std::move(expr_check));
      }
      out.tests.push_back(std::move(rule_test));
    }
  } catch (const YAML::Exception& e) {
    out.problems.push_back(std::string("not a rule test file: ") + e.what());
  }
  return out;
}

std::vector<ExpectedAlert> FiringAtLastCheck(const RuleTest& test) {
  int last = -1;
  for (const AlertCheck& check : test.alert_checks) last = std::max(last, check.eval_seconds);
  std::vector<ExpectedAlert> firing;
  for (const AlertCheck& check : test.alert_checks) {
    if (check.eval_seconds == last) firing.insert(firing.end(), check.alerts.begin(), check.alerts.end());
  }
  return firing;
}

AlertRules LoadAlertRules(std::string_view yaml_text) {
  AlertRules out;
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    const YAML::Node groups = root["groups"];
    if (!groups || !groups.IsSequence()) {
      out.problems.emplace_back("no `groups` list");
      return out;
    }
    for (const auto& group : groups) {
      const std::string group_name = group["name"] ? group["name"].as<std::string>() : "";
      const YAML::Node rules = group["rules"];
      if (!rules || !rules.IsSequence()) {
        out.problems.push_back("group " + group_name + " has no `rules` list");
        continue;
      }
      for (const auto& rule : rules) {
        if (!rule["alert"]) continue;  // a recording rule
        out.rules.push_back({group_name, rule["alert"].as<std::string>(),
                             rule["expr"] ? rule["expr"].as<std::string>() : "", StringMap(rule["labels"]),
                             StringMap(rule["annotations"])});
      }
    }
  } catch (const YAML::Exception& e) {
    out.problems.push_back(std::string("not a rule file: ") + e.what());
  }
  return out;
}

std::string GitHubSlug(std::string_view heading_text) {
  std::string slug;
  for (char raw : RenderedHeadingText(std::string(heading_text))) {
    const auto c = static_cast<unsigned char>(raw);
    if (c >= 0x80) {
      slug += raw;  // UTF-8: letters stay (punctuation outside ASCII is not used in our headings)
    } else if (std::isalnum(c) != 0 || c == '-' || c == '_') {
      slug += static_cast<char>(std::tolower(c));
    } else if (c == ' ') {
      slug += '-';
    }
  }
  return slug;
}

std::set<std::string> MarkdownAnchors(std::string_view markdown) {
  static const std::regex kHeading(R"(^ {0,3}#{1,6}[ \t]+(.*)$)");
  static const std::regex kFence(R"(^ {0,3}(```|~~~))");
  static const std::regex kExplicit(R"re(<a\s+(?:id|name)\s*=\s*"([^"]+)")re");
  std::set<std::string> anchors;
  std::map<std::string, int> seen;
  bool in_fence = false;
  std::size_t start = 0;
  const std::string text(markdown);
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (std::regex_search(line, kFence)) {
      in_fence = !in_fence;
      continue;
    }
    if (in_fence) continue;
    std::smatch m;
    if (std::regex_match(line, m, kHeading)) {
      const std::string slug = GitHubSlug(m[1].str());
      const int n = seen[slug]++;
      anchors.insert(n == 0 ? slug : slug + "-" + std::to_string(n));
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), kExplicit); it != std::sregex_iterator();
         ++it) {
      anchors.insert((*it)[1].str());
    }
  }
  return anchors;
}

std::string RunbookAnchor(std::string_view alert_name) {
  std::string anchor = "alert-";
  for (char c : alert_name) anchor += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return anchor;
}

std::vector<std::string> CheckRunbooks(const std::vector<AlertRule>& rules,
                                       const std::set<std::string>& anchors, std::string_view base) {
  std::vector<std::string> problems;
  for (const AlertRule& rule : rules) {
    const std::string where = "alert " + rule.name;
    const auto severity = rule.labels.find("severity");
    if (severity == rule.labels.end()) {
      problems.push_back(where + ": no severity label");
    } else if (severity->second != "critical" && severity->second != "warning") {
      problems.push_back(where + ": severity " + severity->second + " is neither critical nor warning");
    }
    const auto url = rule.annotations.find("runbook_url");
    if (url == rule.annotations.end()) {
      problems.push_back(where + ": no runbook_url annotation");
      continue;
    }
    const std::string expected = std::string(base) + "#" + RunbookAnchor(rule.name);
    if (url->second != expected) {
      problems.push_back(where + ": runbook_url " + url->second + " is not " + expected);
    }
    const auto hash = url->second.find('#');
    const std::string anchor = hash == std::string::npos ? "" : url->second.substr(hash + 1);
    if (!anchors.contains(anchor)) {
      problems.push_back(where + ": runbook anchor #" + anchor + " is not in README.md");
    }
  }
  return problems;
}

}  // namespace lde::packaging
