#include "dashboard_check.h"

#include <algorithm>
#include <map>
#include <regex>
#include <typeinfo>

#include "Poco/Dynamic/Var.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "promql_selectors.h"

namespace lde::packaging {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view kDatasourceRef = "${datasource}";
constexpr int kGridColumns = 24;  // Grafana's grid width

// Metrics that describe the exporter as a whole: their queries need no
// $target filter. Every other query must honour the target variable.
bool IsExporterWide(const std::string& metric) {
  return metric == "lyncdiscover_exporter_build_info" || metric.starts_with("lyncdiscover_exporter_config_");
}

// The filters that keep other exporters' series (blackbox_exporter's
// probe_success, ...) out of a query: the variables list only instances that
// export lyncdiscover_exporter_build_info.
constexpr std::string_view kJobFilter = "$job";
constexpr std::string_view kInstanceFilter = "$instance";
// Where the probes ran from: every series of an exporter run with --vantage
// carries it, and "All" (.*) also matches exporters without one.
constexpr std::string_view kVantageFilter = "$vantage";

bool HasRegexMatcher(const Selector& selector, std::string_view label, std::string_view value) {
  return std::any_of(selector.matchers.begin(), selector.matchers.end(),
                     [&](const Matcher& m) { return m.label == label && m.op == "=~" && m.value == value; });
}

std::string StringOr(const Object::Ptr& object, const std::string& key, const std::string& fallback) {
  if (object.isNull() || !object->has(key)) return fallback;
  try {
    return object->getValue<std::string>(key);
  } catch (const Poco::Exception&) {
    return fallback;
  }
}

bool BoolOr(const Object::Ptr& object, const std::string& key, bool fallback = false) {
  if (object.isNull() || !object->has(key)) return fallback;
  try {
    return object->getValue<bool>(key);
  } catch (const Poco::Exception&) {
    return fallback;
  }
}

int IntOr(const Object::Ptr& object, const std::string& key, int fallback) {
  if (object.isNull() || !object->has(key)) return fallback;
  try {
    return object->getValue<int>(key);
  } catch (const Poco::Exception&) {
    return fallback;
  }
}

struct Rect {
  std::string title;
  int x, y, w, h;
};

bool Overlap(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

class Checker {
 public:
  Checker(const std::set<std::string>& known, DashboardReport& report) : known_(known), report_(report) {}

  void CheckRoot(const Object::Ptr& root) {
    const int schema = IntOr(root, "schemaVersion", -1);
    if (schema < 36 || schema > 39) Problem("schemaVersion " + std::to_string(schema) + " is not 36-39");
    if (StringOr(root, "uid", "").empty()) Problem("no uid");
    if (StringOr(root, "title", "").empty()) Problem("no title");
    CheckVariables(root->getObject("templating"));
    CheckPanels(root->getArray("panels"));
  }

 private:
  void Problem(std::string text) { report_.problems.push_back(std::move(text)); }

  void CheckMetrics(const std::string& where, const std::string& expr) {
    for (const std::string& metric : MetricNamesInExpr(expr)) {
      report_.metrics_used.insert(metric);
      if (!known_.contains(metric)) Problem(where + ": unknown metric " += metric);
    }
  }

  // Every selector of `expr` carries job=~"$job" and, with `instance_too`
  // (all but the instance and vantage variables' own queries),
  // instance=~"$instance"; with `vantage_too`, vantage=~"$vantage".
  void CheckIsolation(const std::string& where, const std::string& expr, bool instance_too,
                      bool vantage_too) {
    const SelectorParse parsed = SelectorsInExpr(expr);
    for (const std::string& problem : parsed.problems) Problem(where + ": " + problem);
    for (const Selector& selector : parsed.selectors) {
      if (!HasRegexMatcher(selector, "job", kJobFilter)) {
        Problem(where + ": selector " + selector.metric + " is not filtered by job=~\"$job\"");
      }
      if (instance_too && !HasRegexMatcher(selector, "instance", kInstanceFilter)) {
        Problem(where + ": selector " + selector.metric + " is not filtered by instance=~\"$instance\"");
      }
      if (vantage_too && !HasRegexMatcher(selector, "vantage", kVantageFilter)) {
        Problem(where + ": selector " + selector.metric + " is not filtered by vantage=~\"$vantage\"");
      }
    }
  }

  void CheckDatasource(const std::string& where, const Object::Ptr& owner) {
    const Object::Ptr ds = owner->getObject("datasource");
    if (ds.isNull() || StringOr(ds, "uid", "") != kDatasourceRef) {
      Problem(where + ": datasource is not the ${datasource} variable");
    }
  }

  void CheckVariables(const Object::Ptr& templating) {
    const Array::Ptr list = templating.isNull() ? nullptr : templating->getArray("list");
    std::map<std::string, Object::Ptr> by_name;
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      if (Object::Ptr v = list->getObject(static_cast<unsigned>(i))) by_name[StringOr(v, "name", "")] = v;
    }
    const auto ds = by_name.find("datasource");
    if (ds == by_name.end() || StringOr(ds->second, "type", "") != "datasource" ||
        StringOr(ds->second, "query", "") != "prometheus") {
      Problem("no `datasource` variable of type datasource for prometheus");
    }
    for (const char* name : {"job", "vantage", "instance", "target", "network", "profile"}) {
      const auto it = by_name.find(name);
      if (it == by_name.end()) {
        Problem(std::string("no `") + name + "` variable");
        continue;
      }
      const std::string where = std::string("variable ") + name;
      CheckDatasource(where, it->second);
      const std::string query = StringOr(it->second, "definition", StringOr(it->second, "query", ""));
      if (MetricNamesInExpr(query).empty()) Problem(where + ": query uses no metric");
      CheckMetrics(where, query);
      report_.variable_queries.push_back({where, "", query});
      const std::string_view variable(name);
      const bool exporter_variable = variable == "job" || variable == "instance";
      if (exporter_variable) {
        // "All" must be the list of our exporters, never ".*" (which would
        // match every job), and the list must come from our build_info.
        if (!StringOr(it->second, "allValue", "").empty()) Problem(where + ": has an allValue");
        if (!MetricNamesInExpr(query).contains("lyncdiscover_exporter_build_info")) {
          Problem(where + ": not listed from lyncdiscover_exporter_build_info");
        }
        if (variable == "instance") {
          CheckIsolation(where, query, /*instance_too=*/false, /*vantage_too=*/true);
        }
      } else if (variable == "vantage") {
        // Listed from our exporters; "All" must be .*, which also matches an
        // exporter without --vantage (no label): the list of values would not.
        // Several vantages side by side is the point: multi-select.
        if (!MetricNamesInExpr(query).contains("lyncdiscover_exporter_build_info")) {
          Problem(where + ": not listed from lyncdiscover_exporter_build_info");
        }
        if (StringOr(it->second, "allValue", "") != ".*") Problem(where + ": allValue is not .*");
        if (!BoolOr(it->second, "multi") || !BoolOr(it->second, "includeAll")) {
          Problem(where + ": is not multi-select with All");
        }
        CheckIsolation(where, query, /*instance_too=*/false, /*vantage_too=*/false);
      } else {
        // Endpoint series of plain targets carry network=""; only a regex
        // "All" matches the empty value.
        if (StringOr(it->second, "allValue", "") != ".*") Problem(where + ": allValue is not .*");
        CheckIsolation(where, query, /*instance_too=*/true, /*vantage_too=*/true);
      }
    }
  }

  void CheckPanels(const Array::Ptr& panels) {
    if (!panels || panels->size() == 0) {
      Problem("no panels");
      return;
    }
    for (std::size_t i = 0; i < panels->size(); ++i) {
      const Object::Ptr panel = panels->getObject(static_cast<unsigned>(i));
      if (panel.isNull()) {
        Problem("panel " + std::to_string(i) + " is not an object");
        continue;
      }
      CheckPanel(panel);
      if (const Array::Ptr nested = panel->getArray("panels")) {  // a collapsed row
        for (std::size_t j = 0; j < nested->size(); ++j) {
          if (Object::Ptr inner = nested->getObject(static_cast<unsigned>(j))) CheckPanel(inner);
        }
      }
    }
  }

  void CheckLayout(const std::string& where, const Object::Ptr& panel) {
    const Object::Ptr grid = panel->getObject("gridPos");
    Rect rect{where, IntOr(grid, "x", -1), IntOr(grid, "y", -1), IntOr(grid, "w", 0), IntOr(grid, "h", 0)};
    if (rect.x < 0 || rect.y < 0 || rect.w <= 0 || rect.h <= 0 || rect.x + rect.w > kGridColumns) {
      Problem(where + ": gridPos outside the 24-column grid");
      return;
    }
    for (const Rect& other : placed_) {
      if (Overlap(rect, other)) Problem(where + ": overlaps panel " + other.title);
    }
    placed_.push_back(rect);
  }

  void CheckPanel(const Object::Ptr& panel) {
    const std::string title = StringOr(panel, "title", "");
    const std::string where = "panel \"" + title + "\"";
    if (title.empty()) Problem("a panel has no title");
    const int id = IntOr(panel, "id", -1);
    if (id < 0 || !ids_.insert(id).second) Problem(where + ": missing or duplicate id");
    CheckLayout(where, panel);
    if (StringOr(panel, "type", "") == "row") return;

    CheckDatasource(where, panel);
    const Array::Ptr targets = panel->getArray("targets");
    if (!targets || targets->size() == 0) {
      Problem(where + ": no queries");
      return;
    }
    std::set<std::string> ref_ids;
    for (std::size_t i = 0; i < targets->size(); ++i) {
      const Object::Ptr target = targets->getObject(static_cast<unsigned>(i));
      const std::string ref = StringOr(target, "refId", "");
      const std::string expr = StringOr(target, "expr", "");
      const std::string query_where = where + " query " += ref;
      if (ref.empty() || !ref_ids.insert(ref).second) Problem(query_where + ": missing or duplicate refId");
      if (target && target->has("datasource")) CheckDatasource(query_where, target);
      const std::set<std::string> metrics = MetricNamesInExpr(expr);
      if (metrics.empty()) Problem(query_where + ": uses no lyncdiscover_/probe_ metric");
      CheckMetrics(query_where, expr);
      CheckIsolation(query_where, expr, /*instance_too=*/true, /*vantage_too=*/true);
      for (const std::string& problem : LabelDroppedProblems(expr, "vantage")) {
        Problem(query_where + ": " + problem);
      }
      const bool per_target = std::any_of(metrics.begin(), metrics.end(),
                                          [](const std::string& m) { return !IsExporterWide(m); });
      if (per_target && expr.find("$target") == std::string::npos) {
        Problem(query_where + ": ignores the $target variable");
      }
      report_.queries.push_back({title, ref, expr});
    }
  }

  const std::set<std::string>& known_;
  DashboardReport& report_;
  std::set<int> ids_;
  std::vector<Rect> placed_;
};

}  // namespace

std::set<std::string> MetricNamesFromHeader(std::string_view header_text) {
  static const std::regex kQuoted(R"re("((lyncdiscover|probe)_[A-Za-z0-9_]+)")re");
  std::set<std::string> names;
  const std::string text(header_text);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kQuoted); it != std::sregex_iterator();
       ++it) {
    names.insert((*it)[1].str());
  }
  return names;
}

std::set<std::string> MetricNamesInExpr(std::string_view expr) {
  // The name must start a word: "xlyncdiscover_a" or "job:probe_a" are not
  // our metrics. ':' is allowed inside, as in recording-rule names.
  static const std::regex kName(R"re((^|[^A-Za-z0-9_:])((lyncdiscover|probe)_[A-Za-z0-9_:]*))re");
  std::set<std::string> names;
  const std::string text = WithoutStrings(expr);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kName); it != std::sregex_iterator(); ++it) {
    names.insert((*it)[2].str());
  }
  return names;
}

DashboardReport CheckDashboard(std::string_view json, const std::set<std::string>& known_metrics) {
  DashboardReport report;
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(std::string(json));
  } catch (const Poco::Exception& e) {
    report.problems.push_back("not valid JSON: " + e.displayText());
    return report;
  }
  if (parsed.type() != typeid(Object::Ptr) || parsed.extract<Object::Ptr>().isNull()) {
    report.problems.emplace_back("not a JSON object at the top level");
    return report;
  }
  const Object::Ptr root = parsed.extract<Object::Ptr>();
  try {
    Checker(known_metrics, report).CheckRoot(root);
  } catch (const Poco::Exception& e) {  // a field of an unexpected JSON type
    report.problems.push_back("unexpected structure: " + e.displayText());
  }
  return report;
}

}  // namespace lde::packaging
