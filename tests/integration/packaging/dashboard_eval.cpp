#include "dashboard_eval.h"

#include <set>

namespace lde::packaging {

SelectorEvaluation EvaluateSelectors(const DashboardReport& report,
                                     const std::map<std::string, std::string>& variables,
                                     const std::vector<Series>& series) {
  SelectorEvaluation out;
  std::vector<DashboardQuery> queries = report.variable_queries;
  queries.insert(queries.end(), report.queries.begin(), report.queries.end());
  for (DashboardQuery query : queries) {
    query.expr = Interpolate(query.expr, variables);
    const SelectorParse parsed = SelectorsInExpr(query.expr);
    for (const std::string& problem : parsed.problems) out.problems.push_back(query.panel + ": " + problem);
    for (const Selector& selector : parsed.selectors) {
      SelectorPick pick{query, selector, {}};
      for (const Series& s : series) {
        if (Selects(selector, s)) pick.selected.push_back(s);
      }
      out.picks.push_back(std::move(pick));
    }
  }
  return out;
}

std::map<std::string, std::string> AllSelected(const std::vector<Series>& series) {
  std::set<std::string> jobs, instances;
  for (const Series& s : series) {
    if (s.name != "lyncdiscover_exporter_build_info") continue;
    jobs.insert(s.labels.count("job") != 0 ? s.labels.at("job") : "");
    instances.insert(s.labels.count("instance") != 0 ? s.labels.at("instance") : "");
  }
  return {{"job", RegexAlternation({jobs.begin(), jobs.end()})},
          {"instance", RegexAlternation({instances.begin(), instances.end()})},
          {"vantage", ".*"},
          {"target", ".*"},
          {"network", ".*"},
          {"profile", ".*"},
          {"__rate_interval", "5m"}};
}

std::vector<std::string> IsolationProblems(const SelectorEvaluation& evaluation,
                                           const std::vector<Series>& series,
                                           const std::function<bool(const Series&)>& is_foreign) {
  std::set<std::string> own_metrics;
  for (const Series& s : series) {
    if (!is_foreign(s)) own_metrics.insert(s.name);
  }
  std::vector<std::string> problems;
  for (const SelectorPick& pick : evaluation.picks) {
    const std::string where = pick.query.panel +
                              (pick.query.ref_id.empty() ? "" : " query " + pick.query.ref_id) +
                              ", selector " + pick.selector.metric;
    bool own = false;
    for (const Series& s : pick.selected) {
      if (is_foreign(s)) {
        std::string labels;
        for (const auto& [name, value] : s.labels)
          labels += (labels.empty() ? "" : ",") + name + "=\"" + value + "\"";
        problems.push_back(where + ": selects the foreign series " + s.name + "{" + labels + "}");
      } else {
        own = true;
      }
    }
    if (!own && own_metrics.contains(pick.selector.metric)) {
      problems.push_back(where + ": selects none of our " + pick.selector.metric + " series");
    }
  }
  return problems;
}

Series DecoyFor(const Selector& selector, const std::string& job, const std::string& instance) {
  Series decoy{selector.metric, {{"job", job}, {"instance", instance}}};
  for (const Matcher& m : selector.matchers) {
    if (m.op == "=" && m.label != "job" && m.label != "instance") decoy.labels[m.label] = m.value;
  }
  return decoy;
}

}  // namespace lde::packaging
