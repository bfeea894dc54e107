#pragma once

// Pieces of the HTML status pages (app/status_page.h), each appending to
// `out`. Every value written goes through HtmlText; lists stop at
// budget::kStatusPageRows rows and then count the rest.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/probe_result.h"

namespace lde::app::status_html {

// "2026-07-14 10:22:03 UTC".
std::string FormatTime(SysTime t);
// "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "just now" for the future.
std::string Ago(SysTime t, SysTime now);
// "/status?target=<percent-encoded name>", the per-target page.
std::string TargetHref(std::string_view target);

// The results, failing ones first, each group by target name.
std::vector<const model::ProbeResult*> FailingFirst(
    const std::vector<std::shared_ptr<const model::ProbeResult>>& results);
// What failed, in one line of plain text (not escaped): the target's own
// failure, else the first profile that is not ready ("internal/unmanaged:
// discovery_tls unknown_issuer"), else the first failed endpoint; "" when
// the probe succeeded.
std::string Headline(const model::ProbeResult& result);

// A badge: <span class="badge CLASS">TEXT</span>.
std::string Badge(std::string_view css_class, std::string_view text);
// "<tr class="more"><td colspan=N>N more WHAT not shown (WHERE)</td></tr>"
// when dropped > 0, else "".
std::string MoreRow(std::size_t dropped, int columns, std::string_view what, std::string_view where);
// The rows of a list the pages show: at most budget::kStatusPageRows.
std::size_t Shown(std::size_t rows);

// The readiness matrix of a Lync result: one row per network, one column
// per profile, each cell "ready" or "NOT READY" with the failing step,
// reason and detail. Nothing for a result without networks.
void AppendReadinessMatrix(std::string& out, const model::ProbeResult& result);

// One row per endpoint: endpoint and address, role, leaf subject and
// issuer, days left, trust per store with reason and detail, hostname,
// chain, policy violations and the endpoint's result. `where` names where
// the rows beyond the budget are shown.
void AppendEndpointTable(std::string& out, const model::ProbeResult& result, SysTime now,
                         std::string_view where);

// A <td> with the days left until `not_after`, one decimal, classed bad
// once expired and warn under 30 days.
std::string DaysLeftCell(SysTime not_after, SysTime now);
// Trust per store as a list: "store: reason" and, when not trusted, the
// verify detail.
std::string TrustList(const model::ChainReport& chain);
// Policy violations as a list ("policy: rule at position N" and detail),
// "none" when there are none.
std::string PolicyList(const std::vector<model::PolicyViolation>& violations);
// A failure as "<step>: <reason>" and its detail, escaped.
std::string FailureHtml(const model::StepFailure& failure);

// The per-target page's sections (status_target_sections.cpp).
// Discovery per network: the name whose document was used, its links (hrefs
// as text, never as links), the OAuth challenge.
void AppendNetworks(std::string& out, const model::ProbeResult& result);
// Every DNS lookup: host, resolver view, answer or failure.
void AppendDns(std::string& out, const model::ProbeResult& result);
// Every endpoint in full: TLS and HTTP, the whole presented chain,
// trust, names, revocation, policy and its failure.
void AppendEndpointDetails(std::string& out, const model::ProbeResult& result, SysTime now);
// The probe's own log lines.
void AppendLog(std::string& out, const model::ProbeResult& result);

}  // namespace lde::app::status_html
