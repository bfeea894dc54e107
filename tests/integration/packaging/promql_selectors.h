#pragma once

// The part of PromQL the dashboard checks need: the vector selectors of an
// expression, label matching with PromQL's semantics, and Grafana's variable
// interpolation. In PromQL a series can affect a result only through a
// selector that selects it, so evaluating the selectors is enough to show
// which series can enter a query, whatever functions and operators surround
// them.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lde::packaging {

// A label matcher as PromQL writes it; `value` with string escapes resolved.
struct Matcher {
  std::string label;
  std::string op;  // "=", "!=", "=~", "!~"
  std::string value;
};

// A vector selector: metric{matchers}.
struct Selector {
  std::string metric;
  std::vector<Matcher> matchers;
};

struct SelectorParse {
  std::vector<Selector> selectors;
  std::vector<std::string> problems;  // text this reader cannot take apart
};

// Every lyncdiscover_* / probe_* vector selector of a PromQL expression or a
// Grafana label_values() query, outside quoted strings. A `{...}` with no
// metric name before it, or matchers that do not parse, are problems: such a
// selector would escape the checks.
SelectorParse SelectorsInExpr(std::string_view expr);

// A series as Prometheus stores it: name plus labels (job and instance
// included).
struct Series {
  std::string name;
  std::map<std::string, std::string> labels;
};

// PromQL semantics: a missing label is "", regexes are fully anchored.
bool Selects(const Selector& selector, const Series& series);

// Grafana's interpolation: $name and ${name} replaced by values[name];
// variables not in `values` are left alone.
std::string Interpolate(std::string_view expr, const std::map<std::string, std::string>& values);

// `text` with the contents of its quoted strings (", ', `) removed: each
// string becomes one space.
std::string WithoutStrings(std::string_view text);

// Where an expression loses a label that every series it reads carries (the
// exporter's `vantage`), so that series which differ only in it would be
// summed or joined together: a `by (...)` or `on(...)` list without it, a
// `without (...)` or `ignoring(...)` list with it, an aggregation with no
// by/without clause at all. An `on(...)` right before `up` or `absent(` is
// left alone: Prometheus' own `up` series do not carry the exporter's
// labels. One line per problem.
std::vector<std::string> LabelDroppedProblems(std::string_view expr, std::string_view label);

// What Grafana substitutes in a Prometheus query for a multi-value variable,
// or for "All" when the variable has no allValue: each value regex-escaped,
// joined by |, in parentheses, as written inside a PromQL string (so each
// escaping backslash is doubled).
std::string RegexAlternation(const std::vector<std::string>& values);

}  // namespace lde::packaging
