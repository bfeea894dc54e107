#include "app/probe_endpoint.h"

#include "app/jobs.h"
#include "common/utf8.h"
#include "metrics/render.h"
#include "probe/probe_log.h"
#include "probe/probe_plan.h"

namespace lde::app {
namespace {

using http::TextResponse;

// The content type Prometheus expects for the 0.0.4 text format.
constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
// A name the client sent, as quoted back in a message: ParseQuery already
// refused control characters and bytes that are not UTF-8.
constexpr std::size_t kQuotedNameBytes = 256;

// Appended rather than `"\"" + ... + "\""`: GCC 12 at -O3 warns falsely
// (-Wrestrict, its bug 105329) on a literal prepended to a temporary.
std::string Quoted(const std::string& name) {
  std::string quoted = "\"";
  quoted += TruncateUtf8(name, kQuotedNameBytes);
  quoted += '"';
  return quoted;
}

std::string_view StartName(schedule::OnDemandRunner::Start start) {
  switch (start) {
    case schedule::OnDemandRunner::Start::kStarted:
      return "started";
    case schedule::OnDemandRunner::Start::kJoined:
      return "joined";
    case schedule::OnDemandRunner::Start::kBusy:
      return "busy";
    case schedule::OnDemandRunner::Start::kStopped:
      return "stopped";
  }
  return "unknown";
}

http::HttpResponse Busy(std::string body) {
  http::HttpResponse r = TextResponse(503, std::move(body));
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// The 404 text. The config holds only what this instance probes, so a name
// of another shard, or a deployment on networks it does not probe, is
// unknown here too; the text says that it may be so.
std::string UnknownTarget(const std::string& target, const config::InstanceConfig& instance) {
  std::string text = "unknown target " + Quoted(target) + ": not in the configuration";
  if (instance.shard.count > 1 || instance.networks != config::Networks{}) {
    text += " of this instance (shard " + config::FormatShard(instance.shard) + ", networks " +
            config::FormatNetworks(instance.networks) + ")";
  }
  return text + "\n";
}

}  // namespace

ProbeEndpoint::ProbeEndpoint(const Clock& clock, results::ResultStore& store, schedule::FlightTable& flights,
                             Logger& log, int lanes)
    : clock_(clock), store_(store), log_(log), runner_(clock, flights, lanes, &log) {}

http::HttpResponse ProbeEndpoint::Answer(const http::HttpRequest& request,
                                         const std::shared_ptr<const probe::ProbeEnv>& env) {
  auto query = ParseProbeQuery(request.query);
  if (!query.ok()) return TextResponse(400, query.error().detail + "\n");
  const ProbeQuery& q = query.value();
  if (!env) return Busy("not ready: no configuration is loaded yet\n");
  auto planned = probe::PlanProbe(env, q.target);
  if (!planned) return TextResponse(404, UnknownTarget(q.target, env->config->global.instance));

  // Counted from the request's arrival, whether it starts a run or joins one.
  const Duration budget = planned->timeout + kProbeWaitMargin;
  const Deadline wait = Deadline::After(clock_, budget);
  auto ticket = runner_.Begin(planned->target, planned->timeout,
                              [this, run = std::move(planned->run)](const Deadline& deadline) {
                                return RunAndStore(run, deadline, store_, &log_);
                              });
  log_.Debug("probe request", {{"target", q.target}, {"run", std::string(StartName(ticket.start))}});
  switch (ticket.start) {
    case schedule::OnDemandRunner::Start::kBusy:
      return Busy("too many /probe runs in progress (" + std::to_string(runner_.lanes()) +
                  " at most); try again shortly\n");
    case schedule::OnDemandRunner::Start::kStopped:
      return Busy("the exporter is stopping\n");
    case schedule::OnDemandRunner::Start::kStarted:
    case schedule::OnDemandRunner::Start::kJoined:
      break;
  }
  schedule::Flight::Outcome outcome = ticket.flight->Wait(wait);
  switch (outcome.status) {
    case schedule::Flight::Status::kTimedOut: {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f", ToSeconds(budget));
      return TextResponse(504, "the probe of " + Quoted(q.target) + " did not finish within " + seconds +
                                   " s; its result will be on /metrics when it does\n");
    }
    case schedule::Flight::Status::kStopped:
      return Busy("the exporter is stopping\n");
    case schedule::Flight::Status::kLanded:
      break;
  }
  if (!outcome.result) {
    return TextResponse(500,
                        "the probe of " + Quoted(q.target) + " failed to run; the exporter's log has why\n");
  }
  return ProbeResultResponse(*outcome.result, q.debug, env->config->global.instance.vantage);
}

http::HttpResponse ProbeResultResponse(const model::ProbeResult& result, bool debug,
                                       std::string_view vantage) {
  results::ResultStore::Snapshot snap;
  // A non-owning pointer: the snapshot does not outlive `result`.
  snap.results.emplace_back(std::shared_ptr<const model::ProbeResult>(), &result);
  std::string metrics = metrics::RenderResultsText(snap, vantage);
  if (!debug) {
    http::HttpResponse r = TextResponse(200, std::move(metrics));
    r.content_type = kMetricsType;
    return r;
  }
  std::string body = "Logs for the probe:\n";
  for (const auto& line : probe::ShownLog(result)) body += line + "\n";
  body += "\n\nMetrics that would have been returned:\n";
  body += metrics;
  return TextResponse(200, std::move(body));
}

}  // namespace lde::app
