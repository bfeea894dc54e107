#pragma once

// Static checks of the Grafana dashboard JSON (packaging/grafana/dashboard.json):
// it parses, its panels query only metrics names.h defines, every query goes
// through the `datasource` template variable, the job/vantage/instance/target/
// network/profile variables exist and filter (every selector of every query
// carries job=~"$job" and instance=~"$instance", so another exporter's series
// of the same name, e.g. blackbox_exporter's probe_success, never enters, and
// vantage=~"$vantage"), no query sums or joins series of different vantages
// (every by/on list keeps `vantage`), and the grid layout is sane. Grafana itself accepts much worse (an
// unknown metric is just an empty panel), hence these. dashboard_eval.h evaluates the queries.

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lde::packaging {

// The metric names defined in names.h: every quoted "lyncdiscover_..." or
// "probe_..." string literal.
std::set<std::string> MetricNamesFromHeader(std::string_view header_text);

// The lyncdiscover_* and probe_* identifiers of a PromQL expression (or a
// Grafana label_values() query), ignoring the contents of quoted strings.
std::set<std::string> MetricNamesInExpr(std::string_view expr);

struct DashboardQuery {
  std::string panel;  // panel title
  std::string ref_id;
  std::string expr;
};

struct DashboardReport {
  std::vector<std::string> problems;    // empty when the dashboard is fine
  std::vector<DashboardQuery> queries;  // every panel query, in panel order
  // The query variables' queries: panel "variable <name>", ref_id "".
  std::vector<DashboardQuery> variable_queries;
  std::set<std::string> metrics_used;  // over panel queries and variables
};

// Never throws: a parse error is reported as a problem.
DashboardReport CheckDashboard(std::string_view json, const std::set<std::string>& known_metrics);

}  // namespace lde::packaging
