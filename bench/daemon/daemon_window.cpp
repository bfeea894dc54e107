#include "daemon/daemon_window.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <vector>

#include "daemon/daemon_report.h"
#include "daemon/keepalive_client.h"
#include "daemon/latency_figures.h"
#include "daemon/probe_counters.h"
#include "load/child_process.h"

namespace lde::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPlainScrapes = 3;
// The names of the daemon's HTTP threads: its workers (lde-http), those of
// its waiting and password lanes, and its event loop (lde-http-loop).
constexpr std::string_view kHttpThreads = "lde-http";

using Headers = std::vector<std::pair<std::string, std::string>>;

// What Prometheus 2.x sends with every scrape; `gzip` false is a scrape job
// with `enable_compression: false` (Prometheus 2.49 and later).
Headers ScrapeHeaders(bool gzip) {
  Headers headers = {
      {"Accept",
       "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
       "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"},
      {"User-Agent", "Prometheus/2.42.0"},
      {"X-Prometheus-Scrape-Timeout-Seconds", "10"},
  };
  headers.emplace_back("Accept-Encoding", gzip ? "gzip" : "identity");
  return headers;
}

struct Scrape {
  std::map<std::string, ProbeCounts> counters;  // targets and deployments, by target label
  ReadyCounts ready;
  LatencyFigures latency;
  double exchange_ms = 0;
  std::size_t text_bytes = 0;
  std::size_t wire_bytes = 0;
  std::int64_t threads = -1;
  CpuTimes cpu;
  // What the scrape cost the daemon's HTTP threads (workers and event loop,
  // lde-http*): their time on a CPU and waiting for one, from just before
  // the request to the answer's last byte. Unset when schedstat is missing.
  std::optional<SchedTimes> http_threads;
};

Result<Scrape> ScrapeOnce(KeepAliveClient& client, pid_t pid, bool gzip = true) {
  static const Headers kGzip = ScrapeHeaders(true), kIdentity = ScrapeHeaders(false);
  const std::optional<SchedTimes> http_before = ThreadGroupTimes(pid, kHttpThreads);
  auto reply = client.Get("/metrics", gzip ? kGzip : kIdentity, std::chrono::seconds(10));
  if (!reply.ok()) return reply.error();
  const std::optional<SchedTimes> http_after = ThreadGroupTimes(pid, kHttpThreads);
  if (reply.value().status != 200) {
    return MakeError(ErrorKind::kHttpStatus, "/metrics answered " + std::to_string(reply.value().status));
  }
  Scrape s;
  s.counters = ReadProbeCounters(reply.value().body);
  s.ready = ReadSigninReady(reply.value().body);
  s.exchange_ms = reply.value().exchange_ms;
  s.text_bytes = reply.value().body.size();
  s.wire_bytes = reply.value().wire_bytes;
  s.latency = ReadLatencyFigures(reply.value().body);
  s.threads = ProcessThreads(pid);
  if (http_before && http_after) s.http_threads = *http_after - *http_before;
  // Read right after the scrape: the window runs from one scrape's end to
  // another's, so it holds whole scrapes.
  if (!ProcessCpu(pid, &s.cpu)) return MakeError(ErrorKind::kInternal, "the daemon exited");
  return s;
}

// `names` targets and deployments in all.
bool EveryTargetProbed(const std::map<std::string, ProbeCounts>& counters, std::size_t names) {
  std::size_t probed = 0;
  for (const auto& [name, counts] : counters) probed += counts.total() > 0 ? 1 : 0;
  return probed >= names;
}

// The counters of the names in `deployments` (is_in = true) or of the others.
std::map<std::string, ProbeCounts> Select(const std::map<std::string, ProbeCounts>& counters,
                                          const std::set<std::string>& deployments, bool is_in) {
  std::map<std::string, ProbeCounts> out;
  for (const auto& [name, counts] : counters) {
    if ((deployments.count(name) > 0) == is_in) out.emplace(name, counts);
  }
  return out;
}

}  // namespace

Result<WindowResult> RunDaemonWindow(const DaemonWindowSpec& spec) {
  const std::set<std::string> deployments(spec.deployments.begin(), spec.deployments.end());
  const std::size_t names = static_cast<std::size_t>(spec.targets) + deployments.size();
  const std::string stem = spec.dir + "/daemon-" + spec.kind + "-c" + std::to_string(spec.concurrency) +
                           "-r" + std::to_string(spec.repeat);
  std::ofstream(stem + ".yml") << spec.config_yaml;
  auto port = PickLoopbackPort();
  if (!port.ok()) return port.error();
  WindowResult r;
  r.side = "daemon";
  r.kind = spec.kind;
  r.concurrency = spec.concurrency;
  r.repeat = spec.repeat;
  r.log_path = stem + ".log";
  auto child = ChildProcess::Spawn({spec.daemon_path, "--config.file=" + stem + ".yml",
                                    "--web.listen-address=127.0.0.1:" + std::to_string(port.value())},
                                   r.log_path);
  if (!child.ok()) return child.error();
  ChildProcess& daemon = child.value();
  if (!WaitForLoopbackPort(port.value(), daemon, std::chrono::seconds(15))) {
    return MakeError(ErrorKind::kConfig, "the daemon did not listen on 127.0.0.1:" +
                                             std::to_string(port.value()) + "; see " + r.log_path);
  }

  KeepAliveClient client(port.value());
  const auto scrape_every = std::chrono::seconds(spec.scrape_interval_s);
  const auto started = Clock::now();
  // The first probe of a target starts at a random point of its interval;
  // three intervals and half a minute is far more than any target needs.
  const auto warmup_limit = started + 3 * std::chrono::seconds(spec.interval_s) + std::chrono::seconds(30);
  auto tick = started;
  Scrape first;
  // Warm-up: scrape on the Prometheus schedule until one interval has passed
  // and every target has a result. Bounded by warmup_limit.
  for (;;) {
    tick += scrape_every;
    if (tick > warmup_limit || tick > spec.hard_stop) {
      return MakeError(ErrorKind::kTimeout,
                       "warm-up: not every target had a result in time; see " + r.log_path);
    }
    std::this_thread::sleep_until(tick);  // pacing the scrapes, as Prometheus does
    auto s = ScrapeOnce(client, daemon.pid());
    if (!s.ok())
      return MakeError(s.error().kind, "warm-up scrape: " + s.error().detail + "; see " + r.log_path);
    if (tick - started >= std::chrono::seconds(spec.interval_s) &&
        EveryTargetProbed(s.value().counters, names)) {
      first = std::move(s).value();
      break;
    }
  }

  const auto window_start = tick;
  const auto window_end = window_start + std::chrono::seconds(spec.window_s);
  if (window_end > spec.hard_stop) return MakeError(ErrorKind::kTimeout, "--max-seconds reached");
  Scrape last;
  // The window: whole scrape intervals (window_s rounded up to them).
  while (tick < window_end) {
    tick += scrape_every;
    std::this_thread::sleep_until(tick);
    auto s = ScrapeOnce(client, daemon.pid());
    if (!s.ok()) return MakeError(s.error().kind, "scrape: " + s.error().detail + "; see " + r.log_path);
    ++r.scrapes;
    r.threads = std::max(r.threads, s.value().threads);
    r.scrape_ms.push_back(s.value().exchange_ms);
    if (s.value().http_threads) {
      r.scrape_cpu_ms.push_back(s.value().http_threads->cpu_ms);
      r.scrape_wait_ms.push_back(s.value().http_threads->wait_ms);
    }
    if (s.value().text_bytes >= r.largest_scrape_bytes) {
      r.largest_scrape_bytes = s.value().text_bytes;
      r.largest_scrape_wire_bytes = s.value().wire_bytes;
      r.largest_scrape_ms = s.value().exchange_ms;
    }
    last = std::move(s).value();
  }
  if (!r.scrape_ms.empty()) r.slowest_scrape_ms = *std::max_element(r.scrape_ms.begin(), r.scrape_ms.end());
  r.median_scrape_ms = Median(r.scrape_ms);
  r.wall_s = std::chrono::duration<double>(tick - window_start).count();
  r.cpu = last.cpu - first.cpu;
  ProbeCounts delta =
      CounterDelta(Select(first.counters, deployments, false), Select(last.counters, deployments, false));
  r.probes = delta.total();
  r.ok = delta.success;
  r.expected = static_cast<std::uint64_t>(spec.targets * r.wall_s / spec.interval_s + 0.5);
  r.deployments = static_cast<int>(deployments.size());
  if (!deployments.empty()) {
    ProbeCounts d =
        CounterDelta(Select(first.counters, deployments, true), Select(last.counters, deployments, true));
    r.deployment_probes = d.total();
    r.deployment_ok = d.success;
    r.deployment_expected = static_cast<std::uint64_t>(
        static_cast<double>(deployments.size()) * r.wall_s / spec.interval_s + 0.5);
    r.ready_series = last.ready.series;
    r.ready_ones = last.ready.ready;
  }
  r.skipped = last.latency.skipped - first.latency.skipped;
  r.mean_duration_s = last.latency.mean_duration_s;
  r.max_duration_s = last.latency.max_duration_s;
  r.rss_kib = ProcessRssKib(daemon.pid());
  r.hwm_kib = ProcessPeakRssKib(daemon.pid());
  // After the window (its CPU and memory are read): scrapes without
  // compression, as a job with compression off asks, so the report shows
  // what rendering costs beside what gzip adds.
  for (int i = 0; i < kPlainScrapes; ++i) {
    auto plain = ScrapeOnce(client, daemon.pid(), /*gzip=*/false);
    if (!plain.ok())
      return MakeError(plain.error().kind, "plain scrape: " + plain.error().detail + "; see " + r.log_path);
    if (plain.value().wire_bytes != plain.value().text_bytes) {  // it came compressed after all
      return MakeError(ErrorKind::kHttpProtocol,
                       "plain scrape: asked for identity, got " + std::to_string(plain.value().wire_bytes) +
                           " bytes for " + std::to_string(plain.value().text_bytes) + " of text");
    }
    const double ms = plain.value().exchange_ms;
    r.plain_scrape_ms = i == 0 ? ms : std::min(r.plain_scrape_ms, ms);
    r.plain_scrape_max_ms = std::max(r.plain_scrape_max_ms, ms);
    r.plain_scrape_bytes = plain.value().text_bytes;
  }
  r.connections = client.connections_opened();
  daemon.Stop(SIGTERM);
  return r;
}

}  // namespace lde::bench
