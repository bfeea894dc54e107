#include "app/once_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "probe/endpoint_check.h"

namespace lde::app {
namespace {

using Row = std::vector<std::string>;

// Column widths that fit `width` (0 = the content's own): the column with
// the most to spare gives up a character at a time, never below its header
// or kMinColumn, so short columns (READY, HOSTNAME) stay whole and long ones
// (TRUST, DETAIL) are trimmed first.
std::vector<std::size_t> FitWidths(std::vector<std::size_t> widths, const Row& header, std::size_t width) {
  constexpr std::size_t kMinColumn = 8;
  constexpr std::size_t kGap = 2;
  if (width == 0 || widths.empty()) return widths;
  std::vector<std::size_t> floor(widths.size(), kMinColumn);
  for (std::size_t i = 0; i < header.size() && i < floor.size(); ++i) {
    floor[i] = std::min(widths[i], std::max(kMinColumn, header[i].size()));
  }
  std::size_t total = kGap * (widths.size() - 1);
  for (std::size_t w : widths) total += w;
  while (total > width) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < widths.size(); ++i) {
      if (widths[i] - floor[i] > widths[best] - floor[best]) best = i;
    }
    if (widths[best] <= floor[best]) break;  // as narrow as it gets: let the terminal wrap
    --widths[best];
    --total;
  }
  return widths;
}

std::string Cell(const std::string& text, std::size_t width) {
  if (text.size() <= width) return text;
  return text.substr(0, width - 1) + "~";
}

std::string FormatTable(const std::vector<Row>& rows, std::size_t width) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  widths = FitWidths(std::move(widths), rows.front(), width);
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string cell = Cell(row[i], widths[i]);
      line += cell;
      if (i + 1 < row.size()) line += std::string(widths[i] - cell.size() + 2, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);  // empty last cells leave no padding
    out += line + "\n";
  }
  return out;
}

std::string DaysLeft(const model::ChainReport& chain, SysTime now) {
  if (chain.certs.empty()) return "-";
  double days = std::chrono::duration<double>(chain.certs.front()->not_after() - now).count() / 86400.0;
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

std::string Failure(const model::StepFailure& f) {
  return std::string(model::StepName(f.step)) + ":" + std::string(model::ReasonName(f.reason));
}

}  // namespace

// A plain target's endpoint failure already covers trust by no store, the
// name and the policy; a Lync endpoint's certificate is judged per profile,
// so the row says what some phone could reject.
std::string EndpointResult(const model::EndpointReport& e) {
  if (e.failure) return "FAIL " + Failure(*e.failure);
  if (!e.chain || e.role == model::Role::kNone) return "ok";
  std::string warn;
  auto add = [&warn](const std::string& what) { warn += (warn.empty() ? "WARN " : ",") + what; };
  if (!e.chain->trust.empty() && !probe::TrustedByAny(*e.chain)) {
    add("untrusted:" + std::string(model::ReasonName(probe::UntrustedReason(*e.chain))));
  }
  if (!e.chain->hostname_match) add("hostname_mismatch");
  for (const auto& v : e.policy_violations) {
    add(std::string(model::PolicyRuleName(v.rule)) + "@" + std::to_string(v.position));
  }
  return warn.empty() ? "ok" : warn;
}

std::string RenderOnceTable(const std::vector<std::shared_ptr<const model::ProbeResult>>& results,
                            SysTime now, std::size_t width) {
  std::vector<Row> rows{
      {"TARGET", "ROLE", "ENDPOINT", "ADDRESS", "DAYS_LEFT", "TRUST", "HOSTNAME", "CHAIN", "RESULT"}};
  std::vector<Row> matrix{{"TARGET", "NETWORK", "PROFILE", "READY", "FAILING_STEP", "REASON", "DETAIL"}};
  for (const auto& r : results) {
    if (r->failure && r->endpoints.empty()) {
      rows.push_back({r->target, "", "", "", "-", "-", "-", "-", "FAIL " + Failure(*r->failure)});
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
      row.push_back(EndpointResult(e));
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
  std::string out = FormatTable(rows, width);
  if (matrix.size() > 1) out += "\nMobile sign-in readiness:\n" + FormatTable(matrix, width);
  std::size_t failed = static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return !r->success; }));
  out += "\n" + std::to_string(results.size() - failed) + " probes succeeded, " + std::to_string(failed) +
         " failed\n";
  return out;
}

}  // namespace lde::app
