#include "daemon/blackbox_window.h"

#include <atomic>
#include <thread>

#include "common/percent_encode.h"
#include "daemon/keepalive_client.h"

namespace lde::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One /probe scrape; true when the answer says probe_success 1.
bool ProbeOnce(KeepAliveClient& client, const BlackboxTarget& t, int timeout_s) {
  static const std::vector<std::pair<std::string, std::string>> kBaseHeaders = {
      {"Accept",
       "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
       "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"},
      {"Accept-Encoding", "gzip"},
      {"User-Agent", "Prometheus/2.42.0"},
  };
  auto headers = kBaseHeaders;
  headers.emplace_back("X-Prometheus-Scrape-Timeout-Seconds", std::to_string(timeout_s));
  auto reply = client.Get("/probe?module=" + PercentEncode(t.module) + "&target=" + PercentEncode(t.target),
                          headers, std::chrono::seconds(timeout_s + 5));
  if (!reply.ok() || reply.value().status != 200) return false;
  return reply.value().body.find("\nprobe_success 1\n") != std::string::npos;
}

}  // namespace

Result<WindowResult> RunBlackboxWindow(const BlackboxWindowSpec& spec) {
  const std::size_t n = spec.targets.size();
  if (n == 0) return MakeError(ErrorKind::kInternal, "no targets");
  const auto interval = std::chrono::duration<double>(spec.interval_s);
  const std::size_t window_items =
      static_cast<std::size_t>(static_cast<double>(n) * spec.window_s / spec.interval_s + 0.5);
  const std::size_t total = n + window_items;  // one interval of warm-up, then the window
  const auto t0 = Clock::now() + std::chrono::milliseconds(50);
  auto due = [&](std::size_t j) {
    return t0 + std::chrono::duration_cast<Clock::duration>(interval * (static_cast<double>(j) / n));
  };
  if (due(total) + std::chrono::seconds(spec.timeout_s) > spec.hard_stop) {
    return MakeError(ErrorKind::kTimeout, "--max-seconds reached");
  }

  std::atomic<std::size_t> next{0}, probes{0}, ok{0};
  std::atomic<int> connections{0};
  std::vector<std::thread> pool;
  for (int w = 0; w < spec.concurrency; ++w) {
    pool.emplace_back([&] {
      KeepAliveClient client(spec.port);
      // Bounded: each index in [0, total) is taken once.
      for (std::size_t j = next++; j < total; j = next++) {
        std::this_thread::sleep_until(due(j));  // pacing: the scrape's due time
        const bool success = ProbeOnce(client, spec.targets[j % n], spec.timeout_s);
        if (j < n) continue;  // warm-up
        ++probes;
        if (success) ++ok;
      }
      connections += client.connections_opened();
    });
  }
  std::this_thread::sleep_until(due(n));  // the window's first due time
  CpuTimes before, after;
  const bool read_before = ProcessCpu(spec.pid, &before);
  const auto wall_before = Clock::now();
  for (auto& t : pool) t.join();
  const auto wall_after = Clock::now();
  if (!read_before || !ProcessCpu(spec.pid, &after)) {
    return MakeError(ErrorKind::kInternal, "blackbox_exporter exited; see " + spec.log_path);
  }
  WindowResult r;
  r.side = "blackbox";
  r.kind = spec.kind;
  r.concurrency = spec.concurrency;
  r.repeat = spec.repeat;
  r.wall_s = std::chrono::duration<double>(wall_after - wall_before).count();
  r.cpu = after - before;
  r.probes = probes.load();
  r.ok = ok.load();
  r.expected = window_items;
  r.connections = connections.load();
  r.rss_kib = ProcessRssKib(spec.pid);
  r.hwm_kib = ProcessPeakRssKib(spec.pid);
  r.log_path = spec.log_path;
  return r;
}

}  // namespace lde::bench
