#include "app/status_sections.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "app/html.h"
#include "app/once_table.h"
#include "common/percent_encode.h"
#include "model/budgets.h"

namespace lde::app::status_html {
namespace {

std::string Name(std::string_view vocabulary_word) { return HtmlText(vocabulary_word); }

std::string NetworkRole(const model::EndpointReport& e) {
  if (e.role == model::Role::kNone) return "-";
  std::string role(model::RoleName(e.role));
  if (e.network == model::Network::kNone) return role;
  return std::string(model::NetworkName(e.network)) + " / " + role;
}

}  // namespace

std::string DaysLeftCell(SysTime not_after, SysTime now) {
  double days = std::chrono::duration<double>(not_after - now).count() / 86400.0;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", days);
  const char* css = days < 0 ? "bad" : days < 30 ? "warn" : "ok";
  return std::string("<td class=\"num ") + css + "\">" + text + "</td>";
}

std::string TrustList(const model::ChainReport& chain) {
  if (chain.trust.empty()) return "<span class=\"muted\">not judged</span>";
  std::string out = "<ul class=\"plain\">";
  for (const auto& v : chain.trust) {
    out += v.trusted() ? "<li class=\"ok\">" : "<li class=\"bad\">";
    out += HtmlText(v.store) + ": " + Name(model::TrustReasonName(v.reason));
    if (!v.trusted() && !v.detail.empty()) out += " <span class=\"detail\">" + HtmlText(v.detail) + "</span>";
    out += "</li>";
  }
  return out + "</ul>";
}

std::string PolicyList(const std::vector<model::PolicyViolation>& violations) {
  if (violations.empty()) return "<span class=\"ok\">none</span>";
  std::string out = "<ul class=\"plain\">";
  std::size_t shown = Shown(violations.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& v = violations[i];
    out += "<li class=\"bad\">" + HtmlText(v.policy) + ": " + Name(model::PolicyRuleName(v.rule)) +
           " at position " + std::to_string(v.position);
    if (!v.detail.empty()) out += " <span class=\"detail\">" + HtmlText(v.detail) + "</span>";
    out += "</li>";
  }
  if (shown < violations.size()) {
    out += "<li class=\"more\">" + std::to_string(violations.size() - shown) + " more</li>";
  }
  return out + "</ul>";
}

namespace {

std::string ResultCell(const model::EndpointReport& e) {
  if (e.failure) return "<td>" + Badge("bad", "FAIL") + " " + FailureHtml(*e.failure) + "</td>";
  std::string verdict = EndpointResult(e);
  if (verdict == "ok") return "<td>" + Badge("ok", "ok") + "</td>";
  return "<td>" + Badge("warn", "WARN") + " " + HtmlText(verdict.substr(verdict.find(' ') + 1)) + "</td>";
}

void AppendEndpointRow(std::string& out, const model::EndpointReport& e, SysTime now) {
  out += "<tr><td class=\"ep\">" + HtmlText(e.endpoint.Name()) + "<br><span class=\"muted\">" +
         HtmlText(e.endpoint.address) + "</span></td><td>" + HtmlText(NetworkRole(e)) + "</td>";
  if (e.chain && !e.chain->certs.empty()) {
    const model::PackedCertFacts& leaf = *e.chain->certs.front();
    out += "<td class=\"cert\">" + HtmlText(leaf.subject()) + "</td><td class=\"cert\">" +
           HtmlText(leaf.issuer()) + "</td>";
  } else {
    out += "<td>-</td><td>-</td>";
  }
  if (e.chain) {
    const model::ChainReport& chain = *e.chain;
    out += chain.certs.empty() ? "<td>-</td>" : DaysLeftCell(chain.certs.front()->not_after(), now);
    out += "<td>" + TrustList(chain) + "</td>";
    out += chain.hostname_match ? "<td class=\"ok\">match</td>" : "<td class=\"bad\">MISMATCH</td>";
    out += chain.complete ? "<td class=\"ok\">complete" : "<td class=\"bad\">INCOMPLETE";
    out += chain.ordered ? "</td>" : ", unordered</td>";
    out += "<td>" + PolicyList(e.policy_violations) + "</td>";
  } else {
    out += "<td>-</td><td>-</td><td>-</td><td>-</td><td>-</td>";
  }
  out += ResultCell(e) + "</tr>\n";
}

}  // namespace

std::string FormatTime(SysTime t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return text;
}

std::string Ago(SysTime t, SysTime now) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - t).count();
  if (seconds < 1) return "just now";
  if (seconds < 120) return std::to_string(seconds) + " s ago";
  if (seconds < 2 * 3600) return std::to_string(seconds / 60) + " min ago";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h ago";
  return std::to_string(seconds / 86400) + " d ago";
}

std::string TargetHref(std::string_view target) { return "/status?target=" + PercentEncode(target); }

std::vector<const model::ProbeResult*> FailingFirst(
    const std::vector<std::shared_ptr<const model::ProbeResult>>& results) {
  std::vector<const model::ProbeResult*> out;
  out.reserve(results.size());
  for (const auto& r : results) out.push_back(r.get());
  std::stable_sort(out.begin(), out.end(), [](const model::ProbeResult* a, const model::ProbeResult* b) {
    if (a->success != b->success) return !a->success;
    return a->target < b->target;
  });
  return out;
}

std::string Headline(const model::ProbeResult& r) {
  if (r.success) return "";
  auto failure = [](const model::StepFailure& f) {
    return std::string(model::StepName(f.step)) + " " + std::string(model::ReasonName(f.reason));
  };
  if (r.failure) return failure(*r.failure);
  for (const auto& n : r.networks) {
    for (const auto& v : n.verdicts) {
      if (!v.ready && v.failure) {
        return std::string(model::NetworkName(n.network)) + "/" + v.profile + ": " + failure(*v.failure);
      }
    }
  }
  for (const auto& e : r.endpoints) {
    if (e.failure) return e.endpoint.Name() + ": " + failure(*e.failure);
  }
  return "failed";
}

std::string Badge(std::string_view css_class, std::string_view text) {
  return "<span class=\"badge " + std::string(css_class) + "\">" + HtmlText(text) + "</span>";
}

std::string MoreRow(std::size_t dropped, int columns, std::string_view what, std::string_view where) {
  if (dropped == 0) return "";
  return "<tr class=\"more\"><td colspan=\"" + std::to_string(columns) + "\">" + std::to_string(dropped) +
         " more " + HtmlText(what) + " not shown (" + HtmlText(where) + ")</td></tr>\n";
}

std::size_t Shown(std::size_t rows) { return std::min(rows, model::budget::kStatusPageRows.value); }

std::string FailureHtml(const model::StepFailure& f) {
  std::string out =
      Name(model::StepName(f.step)) + ": <strong>" + Name(model::ReasonName(f.reason)) + "</strong>";
  if (!f.detail.empty()) out += "<div class=\"detail\">" + HtmlText(f.detail) + "</div>";
  return out;
}

void AppendReadinessMatrix(std::string& out, const model::ProbeResult& r) {
  if (r.networks.empty()) return;
  // Profiles in the order first met; a deployment judges every network by
  // the same profiles, so the matrix is full.
  std::vector<std::string> profiles;
  for (const auto& n : r.networks) {
    for (const auto& v : n.verdicts) {
      if (std::find(profiles.begin(), profiles.end(), v.profile) == profiles.end())
        profiles.push_back(v.profile);
    }
  }
  profiles.resize(Shown(profiles.size()));
  out += "<table class=\"matrix\"><thead><tr><th>Network</th>";
  for (const auto& p : profiles) out += "<th>" + HtmlText(p) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& n : r.networks) {
    const std::string network = Name(model::NetworkName(n.network));
    out += "<tr><th scope=\"row\">" + network + "</th>";
    for (const auto& p : profiles) {
      auto v =
          std::find_if(n.verdicts.begin(), n.verdicts.end(), [&](const auto& x) { return x.profile == p; });
      std::string data = " data-network=\"" + network + "\" data-profile=\"" + HtmlText(p) + "\"";
      if (v == n.verdicts.end()) {
        out += "<td class=\"muted\"" + data + ">not judged</td>";
      } else if (v->ready) {
        // Only the plain-HTTP leg is worth a word: HTTPS is what a phone expects.
        out += "<td class=\"ready\"" + data + ">ready" +
               (v->leg == model::DiscoveryLeg::kHttp ? std::string("<br>via the plain-HTTP leg") : "") +
               "</td>";
      } else {
        out += "<td class=\"notready\"" + data + "><strong>NOT READY</strong>";
        if (v->failure) out += "<br>" + FailureHtml(*v->failure);
        out += "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
}

void AppendEndpointTable(std::string& out, const model::ProbeResult& r, SysTime now, std::string_view where) {
  if (r.endpoints.empty()) {
    out += "<p class=\"muted\">No endpoint was reached.</p>\n";
    return;
  }
  out +=
      "<table class=\"endpoints\"><thead><tr><th>Endpoint</th><th>Network / role</th><th>Subject</th>"
      "<th>Issuer</th><th>Days left</th><th>Trust per store</th><th>Hostname</th><th>Chain</th>"
      "<th>Policy violations</th><th>Result</th></tr></thead><tbody>\n";
  std::size_t shown = Shown(r.endpoints.size());
  for (std::size_t i = 0; i < shown; ++i) AppendEndpointRow(out, r.endpoints[i], now);
  out += MoreRow(r.endpoints.size() - shown, 10, "endpoints", where);
  out += "</tbody></table>\n";
}

}  // namespace lde::app::status_html
