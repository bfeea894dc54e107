#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "metrics/render.h"
#include "model/probe_result.h"

namespace lde::app {

// What the status pages show, taken by the daemon at request time.
struct StatusView {
  // The latest result of every target that has one, sorted by target.
  std::vector<std::shared_ptr<const model::ProbeResult>> results;
  // Every target and deployment of the running configuration, sorted; those
  // without a result are waiting for their first probe.
  std::vector<std::string> configured;
  std::string version;
  std::string revision;
  bool last_reload_ok = false;
  std::optional<SysTime> last_reload_success;  // nullopt: never loaded
  SysTime now{};
  std::string telemetry_path = "/metrics";  // for the page's links
  // Where this instance probes from and what share it takes
  // (config/instance.h); "" and the defaults: one instance alone.
  std::string vantage;
  metrics::InstanceState instance;
};

// The pages are HTML5 in UTF-8, self-contained (one inline style sheet, no
// script, no external resource, nothing fetched by the browser), and every
// value in them goes through HtmlText (app/html.h): subjects, hrefs and
// details come from servers we do not control. Lists are cut at
// budget::kStatusPageRows rows, with a line that counts the rest. Failing
// targets come first, then the rest by name. All functions are pure.

// GET /: the summary (targets ok, failing, waiting; last reload; version),
// every deployment's readiness matrix (network x profile: ready, or NOT
// READY with the failing step, reason and detail), and every target's
// endpoints with their leaf certificate (subject, issuer, days left, trust
// per store with its reason, hostname match, chain complete, policy
// violations), each target linking to its page.
std::string RenderStatusPage(const StatusView& view);

// GET /status?target=NAME: one target in full (the readiness matrix,
// discovery per network, DNS answers, every endpoint with its whole
// presented chain, revocation, names and policy, and the probe's log lines).
// `result` is null for a configured target that has no result yet.
std::string RenderTargetPage(const StatusView& view, const std::string& target,
                             const model::ProbeResult* result);

// The 404 page for a target that is not configured (the name is shown
// escaped, as given).
std::string RenderUnknownTargetPage(const StatusView& view, const std::string& target);

// The Content-Security-Policy of the pages: nothing may load, run or be
// framed; the one style sheet is allowed by its SHA-256 hash, so even an
// injected <style> or style attribute would not apply.
const std::string& StatusPageContentSecurityPolicy();

}  // namespace lde::app
