#pragma once

// The dashboard's queries evaluated against series: every vector selector of
// every panel and variable query, interpolated as Grafana would, matched
// against a scrape plus other exporters' series of the same names. A series
// can affect a PromQL result only through a selector that selects it, so "no
// selector selects a foreign series" means "no foreign series enters a panel".

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dashboard_check.h"
#include "promql_selectors.h"

namespace lde::packaging {

struct SelectorPick {
  DashboardQuery query;  // expr interpolated
  Selector selector;
  std::vector<Series> selected;
};

struct SelectorEvaluation {
  std::vector<SelectorPick> picks;
  std::vector<std::string> problems;  // a query whose selectors cannot be read
};

// Every selector of report.queries and report.variable_queries.
SelectorEvaluation EvaluateSelectors(const DashboardReport& report,
                                     const std::map<std::string, std::string>& variables,
                                     const std::vector<Series>& series);

// The variables as Grafana sets them when every variable is on "All": job and
// instance (no allValue) become the alternation of the values their queries
// list, from lyncdiscover_exporter_build_info in `series`; vantage, target,
// network and profile their allValue ".*"; $__rate_interval "5m".
std::map<std::string, std::string> AllSelected(const std::vector<Series>& series);

// A selector picking a series `is_foreign` accepts (another exporter's), or
// picking nothing although `series` holds non-foreign series of its metric (a
// filter that hides our own data); one line per problem.
std::vector<std::string> IsolationProblems(const SelectorEvaluation& evaluation,
                                           const std::vector<Series>& series,
                                           const std::function<bool(const Series&)>& is_foreign);

// A series the (interpolated) selector would select were it not for its job
// and instance matchers: its equality matchers' labels set, regex matchers'
// labels left out (empty), job and instance as given. Selects() tells whether
// a decoy with our own job and instance really is selected.
Series DecoyFor(const Selector& selector, const std::string& job, const std::string& instance);

}  // namespace lde::packaging
