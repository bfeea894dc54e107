#include "app/once_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lde::app {
namespace {

using Row = std::vector<std::string>;

std::string FormatTable(const std::vector<Row>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string DaysLeft(const model::ChainReport& chain, SysTime now) {
  if (chain.certs.empty()) return "-";
  double days = std::chrono::duration<double>(chain.certs.front().not_after - now).count() / 86400.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", days);
  return buf;
}

std::string Trust(const model::ChainReport& chain) {
  std::string out;
  for (const auto& v : chain.trust) {
    if (!out.empty()) out += " ";
    out += v.store + "=" + std::string(model::TrustReasonName(v.reason));
  }
  return out.empty() ? "-" : out;
}

std::string Failure(const std::optional<model::StepFailure>& f) {
  if (!f) return "";
  return std::string(model::StepName(f->step)) + ":" + std::string(model::ReasonName(f->reason));
}

}  // namespace

std::string RenderOnceTable(const std::vector<std::shared_ptr<const model::ProbeResult>>& results,
                            SysTime now) {
  std::vector<Row> rows{
      {"TARGET", "ROLE", "ENDPOINT", "ADDRESS", "LEAF_DAYS_LEFT", "TRUST", "HOSTNAME", "CHAIN", "RESULT"}};
  std::vector<Row> matrix{{"TARGET", "NETWORK", "PROFILE", "READY", "FAILING_STEP", "REASON", "DETAIL"}};
  for (const auto& r : results) {
    if (r->failure && r->endpoints.empty()) {
      rows.push_back({r->target, "", "", "", "-", "-", "-", "-", "FAIL " + Failure(r->failure)});
    }
    for (const auto& e : r->endpoints) {
      const std::string role(model::RoleName(e.role));
      Row row{
          r->target,
          e.network == model::Network::kNone ? role : std::string(model::NetworkName(e.network)) + "/" + role,
          e.endpoint.Name(), e.endpoint.address};
      if (e.chain) {
        row.push_back(DaysLeft(*e.chain, now));
        row.push_back(Trust(*e.chain));
        row.push_back(e.chain->hostname_match ? "ok" : "mismatch");
        row.push_back(std::string(e.chain->complete ? "complete" : "incomplete") +
                      (e.chain->ordered ? "" : ",unordered"));
      } else {
        row.insert(row.end(), {"-", "-", "-", "-"});
      }
      row.push_back(e.failure ? "FAIL " + Failure(e.failure) : "ok");
      rows.push_back(std::move(row));
    }
    for (const auto& n : r->networks) {
      for (const auto& v : n.verdicts) {
        matrix.push_back({r->target, std::string(model::NetworkName(n.network)), v.profile,
                          v.ready ? "yes" : "NO",
                          v.failure ? std::string(model::StepName(v.failure->step)) : "",
                          v.failure ? std::string(model::ReasonName(v.failure->reason)) : "",
                          v.failure ? v.failure->detail : ""});
      }
    }
  }
  std::string out = FormatTable(rows);
  if (matrix.size() > 1) out += "\nMobile sign-in readiness:\n" + FormatTable(matrix);
  std::size_t failed = static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return !r->success; }));
  out += "\n" + std::to_string(results.size() - failed) + " probes succeeded, " + std::to_string(failed) +
         " failed\n";
  return out;
}

}  // namespace lde::app
