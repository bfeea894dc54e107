// The sections only the per-target page has (GET /status?target=NAME).
#include <cstdio>

#include "app/html.h"
#include "app/once_table.h"
#include "app/status_sections.h"
#include "probe/probe_log.h"

namespace lde::app::status_html {
namespace {

constexpr std::string_view kInJson = "the JSON has them all";

std::string Joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

std::string Fact(std::string_view label, const std::string& html) {
  return "<li><span class=\"label\">" + HtmlText(label) + "</span> " + html + "</li>";
}

std::string StatusWithDetail(std::string_view status, bool good, const std::string& url,
                             const std::string& detail) {
  std::string out =
      std::string("<span class=\"") + (good ? "ok" : "warn") + "\">" + HtmlText(status) + "</span>";
  if (!url.empty()) out += " <span class=\"url\">" + HtmlText(url) + "</span>";
  if (!detail.empty()) out += "<div class=\"detail\">" + HtmlText(detail) + "</div>";
  return out;
}

void AppendChainTable(std::string& out, const model::ChainReport& chain, SysTime now) {
  out +=
      "<table class=\"chain\"><thead><tr><th>#</th><th>Subject</th><th>Issuer</th><th>Not after</th>"
      "<th>Days left</th><th>Key</th><th>Signature</th><th>DNS names</th><th>CRL</th><th>OCSP</th>"
      "</tr></thead><tbody>\n";
  std::size_t shown = Shown(chain.certs.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const model::PackedCertFacts& c = *chain.certs[i];
    out += "<tr><td class=\"num\">" + std::to_string(i) + "</td><td class=\"cert\">" + HtmlText(c.subject()) +
           "</td><td class=\"cert\">" + HtmlText(c.issuer()) + "</td><td>" +
           HtmlText(FormatTime(c.not_after())) + "</td>" + DaysLeftCell(c.not_after(), now) + "<td>" +
           HtmlText(c.key_type()) + " " + std::to_string(c.key_bits()) + "</td><td>" +
           HtmlText(c.signature_algorithm()) + "</td><td class=\"cert\">" +
           HtmlText(Joined(c.dns_names().ToVector())) + "</td>";
    if (i < chain.crl.size()) {
      const auto& crl = chain.crl[i];
      out += "<td>" +
             StatusWithDetail(model::CrlStatusName(crl.status), crl.status != model::CrlStatus::kRevoked, "",
                              crl.detail) +
             "</td>";
    } else {
      out += "<td>-</td>";
    }
    if (i < chain.ocsp.size()) {
      const auto& ocsp = chain.ocsp[i];
      out += "<td>" +
             StatusWithDetail(model::OcspStatusName(ocsp.status), ocsp.status != model::OcspStatus::kRevoked,
                              "", ocsp.detail) +
             "</td>";
    } else {
      out += "<td>-</td>";
    }
    out += "</tr>\n";
  }
  out += MoreRow(chain.certs.size() - shown, 10, "certificates", kInJson);
  out += "</tbody></table>\n";
}

void AppendEndpoint(std::string& out, const model::EndpointReport& e, SysTime now) {
  out += "<div class=\"endpoint\"><h3>" + HtmlText(e.endpoint.Name()) + " <span class=\"muted\">" +
         HtmlText(e.endpoint.address) + "</span></h3>\n<ul class=\"facts\">";
  if (e.role != model::Role::kNone) {
    std::string where(model::RoleName(e.role));
    if (e.network != model::Network::kNone)
      where = std::string(model::NetworkName(e.network)) + " / " + where;
    out += Fact("Network / role", HtmlText(where));
  }
  if (e.failure) {
    out += Fact("Result", Badge("bad", "FAIL") + " " + FailureHtml(*e.failure));
  } else {
    out += Fact("Result", HtmlText(EndpointResult(e)));
  }
  if (e.tls) {
    out += Fact("TLS", HtmlText(e.tls->protocol + ", " + e.tls->cipher) +
                           (e.tls->sni.empty() ? "" : " (SNI " + HtmlText(e.tls->sni) + ")"));
  }
  if (e.http) out += Fact("HTTP", HtmlText(std::to_string(e.http->status) + " " + e.http->reason));
  if (e.chain) {
    const model::ChainReport& chain = *e.chain;
    out += Fact("Trust per store", TrustList(chain));
    out += Fact("Hostname", chain.hostname_match ? "<span class=\"ok\">match</span>"
                                                 : "<span class=\"bad\">MISMATCH</span>");
    out += Fact("Chain", std::string(chain.complete ? "<span class=\"ok\">complete</span>"
                                                    : "<span class=\"bad\">INCOMPLETE</span>") +
                             (chain.ordered ? ", ordered" : ", <span class=\"bad\">unordered</span>"));
    out +=
        Fact("OCSP staple", StatusWithDetail(model::OcspStapleStatusName(chain.ocsp_staple->status),
                                             chain.ocsp_staple->status != model::OcspStapleStatus::kRevoked,
                                             "", chain.ocsp_staple->detail));
  }
  if (e.san) {
    std::string names = "judged as " + HtmlText(model::RoleName(e.san->judged_as)) + ": ";
    names += e.san->missing.empty()
                 ? "<span class=\"ok\">none missing</span>"
                 : "<span class=\"bad\">missing " + HtmlText(Joined(e.san->missing)) + "</span>";
    if (e.san->names_dropped > 0)
      names += " (" + std::to_string(e.san->names_dropped) + " names not checked)";
    out += Fact("Required names", names);
  }
  if (e.issuer_fetch) {
    out += Fact("AIA issuer fetch",
                StatusWithDetail(model::IssuerFetchStatusName(e.issuer_fetch->status),
                                 e.issuer_fetch->status == model::IssuerFetchStatus::kFetched,
                                 e.issuer_fetch->url, e.issuer_fetch->detail));
  }
  out += Fact("Policy violations", PolicyList(e.policy_violations));
  out += "</ul>\n";
  if (e.chain && !e.chain->certs.empty()) AppendChainTable(out, *e.chain, now);
  out += "</div>\n";
}

// The authenticated sign-in of each network that has one (a deployment with
// `auth`): outcome, the failing step, and the time of every step.
void AppendSignins(std::string& out, const model::ProbeResult& r) {
  bool any = false;
  for (const auto& n : r.networks) any = any || n.signin.has_value();
  if (!any) return;
  out +=
      "<table class=\"signin\"><thead><tr><th>Network</th><th>UCWA "
      "sign-in</th><th>Steps</th></tr></thead><tbody>\n";
  for (const auto& n : r.networks) {
    if (!n.signin) continue;
    out += "<tr><th scope=\"row\">" + HtmlText(model::NetworkName(n.network)) + "</th><td>";
    if (n.signin->success) {
      out += Badge("ok", "signed in");
    } else {
      out += Badge("bad", "failed") + " " + HtmlText(model::UcwaStepName(n.signin->failed_step)) + ": " +
             HtmlText(model::ReasonName(n.signin->reason)) + " <span class=\"muted\">" +
             HtmlText(n.signin->detail) + "</span>";
    }
    out += "</td><td>";
    for (const auto& step : n.signin->steps) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.3f s", ToSeconds(step.elapsed));
      out += HtmlText(model::UcwaStepName(step.step)) + " " + seconds + " ";
    }
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n";
}

}  // namespace

void AppendNetworks(std::string& out, const model::ProbeResult& r) {
  if (r.networks.empty()) return;
  out +=
      "<table class=\"networks\"><thead><tr><th>Network</th><th>Discovery</th><th>Document from</th>"
      "<th>Links</th><th>OAuth challenge</th></tr></thead><tbody>\n";
  for (const auto& n : r.networks) {
    out += "<tr><th scope=\"row\">" + HtmlText(model::NetworkName(n.network)) + "</th><td>" +
           (n.discovery_success ? Badge("ok", "ok") : Badge("bad", "failed")) + "</td><td>" +
           HtmlText(n.discovery_host) +
           (n.discovery_leg == model::DiscoveryLeg::kHttp ? " <span class=\"label\">plain HTTP leg</span>"
                                                          : "") +
           "</td><td><ul class=\"plain\">";
    std::size_t shown = Shown(n.links.size());
    for (std::size_t i = 0; i < shown; ++i) {
      out += "<li><span class=\"label\">" + HtmlText(n.links[i].rel) + "</span> <span class=\"url\">" +
             HtmlText(n.links[i].href) + "</span></li>";
    }
    if (shown < n.links.size())
      out += "<li class=\"more\">" + std::to_string(n.links.size() - shown) + " more</li>";
    out += "</ul></td><td>";
    out += n.oauth_challenge
               ? Badge("ok", "yes") + " <span class=\"url\">" + HtmlText(n.oauth_href) + "</span>"
               : Badge("muted", "no");
    out += "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  AppendSignins(out, r);
}

void AppendDns(std::string& out, const model::ProbeResult& r) {
  if (r.dns.empty()) return;
  out +=
      "<table class=\"dns\"><thead><tr><th>Host</th><th>Resolver</th><th>Result</th><th>Addresses</th></tr>"
      "</thead><tbody>\n";
  std::size_t shown = Shown(r.dns.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const model::DnsOutcome& d = r.dns[i];
    out += "<tr><td>" + HtmlText(d.host) + "</td><td>" + HtmlText(d.resolver) + "</td><td>";
    if (d.success) {
      out += Badge("ok", "ok");
    } else {
      out += Badge("bad", "failed");
      // Appended, not " " + ...: GCC 12 at -O3 warns falsely there
      // (-Wrestrict, bug 105329).
      if (d.failure) out.append(1, ' ').append(FailureHtml(*d.failure));
    }
    out += "</td><td>" + HtmlText(Joined(d.addresses));
    if (d.addresses_skipped > 0) out += " (" + std::to_string(d.addresses_skipped) + " more not probed)";
    out += "</td></tr>\n";
  }
  out += MoreRow(r.dns.size() - shown, 4, "lookups", kInJson);
  out += "</tbody></table>\n";
}

void AppendEndpointDetails(std::string& out, const model::ProbeResult& r, SysTime now) {
  if (r.endpoints.empty()) {
    out += "<p class=\"muted\">No endpoint was reached.</p>\n";
    return;
  }
  std::size_t shown = Shown(r.endpoints.size());
  for (std::size_t i = 0; i < shown; ++i) AppendEndpoint(out, r.endpoints[i], now);
  if (shown < r.endpoints.size()) {
    out += "<p class=\"more\">" + std::to_string(r.endpoints.size() - shown) + " more endpoints not shown (" +
           HtmlText(kInJson) + ")</p>\n";
  }
}

void AppendLog(std::string& out, const model::ProbeResult& r) {
  const std::vector<std::string> log = probe::ShownLog(r);  // never empty: it ends with the closing line
  out += "<pre class=\"log\">";
  std::size_t shown = Shown(log.size());
  for (std::size_t i = 0; i < shown; ++i) out += HtmlText(log[i]) + "\n";
  out += "</pre>\n";
  if (shown < log.size()) {
    out += "<p class=\"more\">" + std::to_string(log.size() - shown) + " more lines not shown (" +
           HtmlText(kInJson) + ")</p>\n";
  }
}

}  // namespace lde::app::status_html
