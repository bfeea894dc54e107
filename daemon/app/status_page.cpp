#include "app/status_page.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "app/html.h"
#include "app/status_sections.h"

namespace lde::app {
namespace {

using status_html::Ago;
using status_html::AppendDns;
using status_html::AppendEndpointDetails;
using status_html::AppendEndpointTable;
using status_html::AppendLog;
using status_html::AppendNetworks;
using status_html::AppendReadinessMatrix;
using status_html::Badge;
using status_html::FailingFirst;
using status_html::FailureHtml;
using status_html::FormatTime;
using status_html::Headline;
using status_html::TargetHref;

// The pages' one style sheet. The CSP allows it by hash: change it freely,
// the hash follows.
constexpr std::string_view kCss =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;margin:0;"
    "color:#1f2328;background:#f6f8fa}"
    "header{background:#24292f;color:#fff;padding:12px 24px}"
    "header h1{font-size:20px;margin:0 0 4px}header a{color:#c9d1d9;margin-right:16px}"
    "main{padding:4px 24px 8px}"
    "section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:16px 0;"
    "overflow-x:auto}"
    "h2{font-size:18px;margin:0 0 8px}h3{font-size:15px;margin:18px 0 6px}"
    "table{border-collapse:collapse;margin:4px 0 8px}"
    "th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}"
    "thead th{background:#f6f8fa}td.num{text-align:right;white-space:nowrap}"
    "td.cert{min-width:10em;max-width:20em;overflow-wrap:anywhere}"
    "td.ep{min-width:14em;max-width:20em;overflow-wrap:anywhere}"
    ".url{font-family:monospace;overflow-wrap:anywhere}"
    ".ok{color:#1a7f37}.bad{color:#cf222e}.warn{color:#9a6700}.muted,.more{color:#57606a}"
    "td.ready{background:#dafbe1;color:#1a7f37}td.notready{background:#ffebe9;color:#cf222e}"
    ".badge{display:inline-block;padding:0 7px;border-radius:10px;font-weight:600;font-size:12px}"
    ".badge.ok{background:#dafbe1}.badge.bad{background:#ffebe9}.badge.warn{background:#fff8c5}"
    ".badge.muted{background:#eaeef2}"
    ".detail{color:#57606a;font-size:12px;overflow-wrap:anywhere}"
    "ul.plain{list-style:none;margin:0;padding:0}ul.facts{list-style:none;padding:0;margin:4px 0}"
    "ul.facts ul.plain{display:inline-block;vertical-align:top}"
    ".label{display:inline-block;min-width:130px;color:#57606a}"
    "pre.log{background:#f6f8fa;border:1px solid #d0d7de;padding:8px;white-space:pre-wrap;"
    "overflow-wrap:anywhere;font-size:12px}"
    "footer{color:#57606a;padding:0 24px 24px;font-size:12px}";

std::string StyleHash() {
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(kCss.data(), static_cast<unsigned>(kCss.size()));
  const Poco::DigestEngine::Digest& digest = sha.digest();
  std::ostringstream out;
  {
    Poco::Base64Encoder base64(out);
    base64.rdbuf()->setLineLength(0);
    base64.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
    base64.close();
  }
  return out.str();
}

std::string Head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         HtmlText(title) + "</title>\n<style>" + std::string(kCss) + "</style>\n</head>\n<body>\n";
}

std::string Header(const StatusView& view, const std::string& heading) {
  return "<header><h1>" + HtmlText(heading) + "</h1><nav><a href=\"/\">Status</a><a href=\"" +
         HtmlText(view.telemetry_path) +
         "\">Metrics</a><a href=\"/status?format=json\">JSON</a><a href=\"/-/healthy\">Health</a>"
         "<a href=\"/-/ready\">Readiness</a></nav></header>\n<main>\n";
}

std::string Footer(const StatusView& view) {
  return "</main>\n<footer>lyncdiscover_exporter " + HtmlText(view.version) + " (revision " +
         HtmlText(view.revision) + ") &middot; page rendered " + HtmlText(FormatTime(view.now)) +
         "</footer>\n</body>\n</html>\n";
}

std::string TargetLink(const std::string& target) {
  return "<a href=\"" + TargetHref(target) + "\">" + HtmlText(target) + "</a>";
}

std::string ResultBadge(const model::ProbeResult& r) {
  if (r.success) return Badge("ok", "ok");
  return Badge("bad", "FAILING") + " " + HtmlText(Headline(r));
}

std::string LastRun(const model::ProbeResult& r, SysTime now) {
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f s", ToSeconds(r.duration));
  return HtmlText(FormatTime(r.started)) + " <span class=\"muted\">(" + HtmlText(Ago(r.started, now)) +
         ", took " + duration + ")</span>";
}

std::string ReloadLine(const StatusView& view) {
  std::string loaded = view.last_reload_success ? HtmlText(FormatTime(*view.last_reload_success)) + " (" +
                                                      HtmlText(Ago(*view.last_reload_success, view.now)) + ")"
                                                : std::string("never");
  if (view.last_reload_ok) return "last reload <span class=\"ok\">succeeded</span> at " + loaded;
  return "last reload <span class=\"bad\">FAILED</span> (the exporter's log has the errors); running the "
         "configuration loaded at " +
         loaded;
}

// "" for an instance alone (no vantage, unsharded, both networks).
std::string InstanceLine(const StatusView& view) {
  const metrics::InstanceState& instance = view.instance;
  const metrics::InstanceState alone;
  std::string line;
  auto add = [&](const std::string& part) { line += (line.empty() ? "" : " &middot; ") + part; };
  if (!view.vantage.empty()) add("vantage <strong>" + HtmlText(view.vantage) + "</strong>");
  if (instance.shard != alone.shard) {
    add("shard " + HtmlText(instance.shard) + " (" + std::to_string(instance.other_shard) +
        " names left to the other shards)");
  }
  if (instance.networks != alone.networks || instance.network_excluded > 0) {
    add("networks " + HtmlText(instance.networks) + " (" + std::to_string(instance.network_excluded) +
        " deployments on no network probed here)");
  }
  return line;
}

void AppendSummary(std::string& out, const StatusView& view,
                   const std::vector<const model::ProbeResult*>& sorted) {
  std::set<std::string> probed;
  for (const auto* r : sorted) probed.insert(r->target);
  std::vector<std::string> waiting;
  for (const auto& name : view.configured) {
    if (!probed.count(name)) waiting.push_back(name);
  }
  auto failing = static_cast<std::size_t>(
      std::count_if(sorted.begin(), sorted.end(), [](const auto* r) { return !r->success; }));
  out +=
      "<section id=\"summary\"><h2>Summary</h2>\n<ul class=\"facts\"><li><span "
      "class=\"label\">Targets</span> ";
  out += failing > 0 ? Badge("bad", std::to_string(failing) + " failing") : Badge("ok", "0 failing");
  out += " " + Badge("ok", std::to_string(sorted.size() - failing) + " ok");
  if (!waiting.empty())
    out += " " + Badge("muted", std::to_string(waiting.size()) + " waiting for a first probe");
  if (std::string instance = InstanceLine(view); !instance.empty()) {
    out += "</li><li><span class=\"label\">Instance</span> " + instance;
  }
  out += "</li><li><span class=\"label\">Configuration</span> " + ReloadLine(view) +
         "</li><li><span class=\"label\">Version</span> " + HtmlText(view.version) + " (revision " +
         HtmlText(view.revision) + ")</li></ul>\n";
  out +=
      "<table class=\"targets\"><thead><tr><th>Target</th><th>Kind</th><th>Result</th><th>Last run</th></tr>"
      "</thead><tbody>\n";
  for (const auto* r : sorted) {
    out += "<tr><td>" + TargetLink(r->target) + "</td><td>" + HtmlText(r->kind) + "</td><td>" +
           ResultBadge(*r) + "</td><td>" + LastRun(*r, view.now) + "</td></tr>\n";
  }
  for (const auto& name : waiting) {
    out += "<tr><td>" + TargetLink(name) + "</td><td></td><td>" + Badge("muted", "waiting") +
           "</td><td class=\"muted\">not yet</td></tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
}

}  // namespace

std::string RenderStatusPage(const StatusView& view) {
  const std::vector<const model::ProbeResult*> sorted = FailingFirst(view.results);
  std::string out = Head("lyncdiscover_exporter status") + Header(view, "lyncdiscover_exporter status");
  AppendSummary(out, view, sorted);
  bool any_deployment =
      std::any_of(sorted.begin(), sorted.end(), [](const auto* r) { return !r->networks.empty(); });
  if (any_deployment) {
    out +=
        "<section id=\"readiness\"><h2>Mobile sign-in readiness</h2>\n<p class=\"muted\">Would a phone with "
        "each device profile sign in on each network?</p>\n";
    for (const auto* r : sorted) {
      if (r->networks.empty()) continue;
      out += "<div class=\"deployment\"><h3>" + TargetLink(r->target) + " " + ResultBadge(*r) + "</h3>\n";
      AppendReadinessMatrix(out, *r);
      out += "</div>\n";
    }
    out += "</section>\n";
  }
  out += "<section id=\"endpoints\"><h2>Endpoints and certificates</h2>\n";
  if (sorted.empty()) out += "<p class=\"muted\">No probe has finished yet.</p>\n";
  for (const auto* r : sorted) {
    out += "<div class=\"target\"><h3>" + TargetLink(r->target) + " " + ResultBadge(*r) +
           "</h3>\n<p class=\"muted\">Last run " + LastRun(*r, view.now) + "</p>\n";
    AppendEndpointTable(out, *r, view.now, "the target's page has them");
    out += "</div>\n";
  }
  out += "</section>\n";
  return out + Footer(view);
}

std::string RenderTargetPage(const StatusView& view, const std::string& target, const model::ProbeResult* r) {
  std::string out = Head(target + " - lyncdiscover_exporter") + Header(view, target);
  out += "<section id=\"result\"><h2>Result</h2>\n<ul class=\"facts\">";
  if (!r) {
    out += "<li>" + Badge("muted", "waiting") +
           " The first probe of this target has not finished yet.</li></ul>\n</section>\n";
    return out + Footer(view);
  }
  out += "<li><span class=\"label\">Result</span> " + ResultBadge(*r) + "</li>";
  if (r->failure) out += "<li><span class=\"label\">Failure</span> " + FailureHtml(*r->failure) + "</li>";
  out += "<li><span class=\"label\">Kind</span> " + HtmlText(r->kind) +
         "</li><li><span class=\"label\">Last run</span> " + LastRun(*r, view.now) +
         "</li><li><span class=\"label\">As JSON</span> <a href=\"" + TargetHref(target) +
         "&amp;format=json\">this result</a></li></ul>\n</section>\n";
  if (!r->networks.empty()) {
    out += "<section id=\"readiness\"><h2>Mobile sign-in readiness</h2>\n";
    AppendReadinessMatrix(out, *r);
    out += "<h3>Discovery</h3>\n";
    AppendNetworks(out, *r);
    out += "</section>\n";
  }
  out += "<section id=\"endpoints\"><h2>Endpoints and certificates</h2>\n";
  AppendEndpointTable(out, *r, view.now, "the JSON has them all");
  AppendEndpointDetails(out, *r, view.now);
  out += "</section>\n";
  if (!r->dns.empty()) {
    out += "<section id=\"dns\"><h2>DNS</h2>\n";
    AppendDns(out, *r);
    out += "</section>\n";
  }
  out += "<section id=\"log\"><h2>Probe log</h2>\n";
  AppendLog(out, *r);
  out += "</section>\n";
  return out + Footer(view);
}

std::string RenderUnknownTargetPage(const StatusView& view, const std::string& target) {
  return Head("Unknown target - lyncdiscover_exporter") + Header(view, "Unknown target") +
         "<section><p>No target or deployment named <strong>&ldquo;" + HtmlText(target) +
         "&rdquo;</strong> is configured.</p><p><a href=\"/\">All targets</a></p></section>\n" + Footer(view);
}

const std::string& StatusPageContentSecurityPolicy() {
  static const std::string kPolicy = "default-src 'none'; style-src 'sha256-" + StyleHash() +
                                     "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  return kPolicy;
}

}  // namespace lde::app
