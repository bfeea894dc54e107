#include "load/blackbox_run.h"

#include <atomic>
#include <cctype>
#include <fstream>
#include <mutex>
#include <thread>

#include "common/percent_encode.h"
#include "http_client/http_exchange.h"
#include "tls/connection.h"

namespace lde::bench {
namespace {

// One /probe request. Returns "" when the probe succeeded, else a reason.
std::string ProbeOnce(std::uint16_t port, const std::string& module, const std::string& target,
                      int timeout_s) {
  const SystemClock clock;
  const Deadline deadline = Deadline::After(clock, std::chrono::seconds(timeout_s + 5));
  auto conn = tls::ConnectTcp(model::Endpoint{"127.0.0.1", "127.0.0.1", port}, deadline);
  if (!conn.ok()) return "driver/connect";
  http_client::HttpRequest req;
  req.host_header = "127.0.0.1:" + std::to_string(port);
  req.target = "/probe?module=" + PercentEncode(module) + "&target=" + PercentEncode(target);
  auto response = http_client::HttpExchange(conn.value(), req, 1 << 20, deadline);
  if (!response.ok()) return "driver/" + std::string(ErrorKindName(response.error().kind));
  if (response.value().status != 200) return "driver/status_" + std::to_string(response.value().status);
  const std::string& body = response.value().body;
  if (body.find("\nprobe_success 1\n") != std::string::npos) return "";
  return "probe/probe_success_0";
}

}  // namespace

Result<std::unique_ptr<BlackboxExporter>> BlackboxExporter::Start(const std::string& path,
                                                                  const std::string& dir,
                                                                  const std::string& modules_yaml) {
  auto port = PickLoopbackPort();
  if (!port.ok()) return port.error();
  const std::string config = dir + "/blackbox.yml";
  std::ofstream(config) << modules_yaml;
  const std::string log = dir + "/blackbox.log";
  auto child = ChildProcess::Spawn(
      {path, "--config.file=" + config, "--web.listen-address=127.0.0.1:" + std::to_string(port.value()),
       "--log.level=warn"},
      log);
  if (!child.ok()) return child.error();
  if (!WaitForLoopbackPort(port.value(), child.value(), std::chrono::seconds(15))) {
    return MakeError(ErrorKind::kConfig, "blackbox_exporter did not listen on 127.0.0.1:" +
                                             std::to_string(port.value()) + "; see " + log);
  }
  return std::unique_ptr<BlackboxExporter>(new BlackboxExporter(port.value(), std::move(child).value()));
}

Result<SideResult> DriveBlackbox(const BlackboxExporter& exporter, const BlackboxDrive& drive) {
  const std::size_t per_round = drive.targets.size();
  if (per_round == 0) return MakeError(ErrorKind::kInternal, "no targets");
  const auto hard_stop = std::chrono::steady_clock::now() + std::chrono::seconds(drive.max_seconds);

  std::atomic<std::size_t> next{0}, completed{0}, ok{0}, skipped{0};
  std::mutex mutex;
  std::map<std::string, std::size_t> failures;  // guarded by mutex
  auto run = [&](std::size_t total, bool count) {
    std::vector<std::thread> pool;
    next = 0;
    for (int t = 0; t < drive.concurrency; ++t) {
      pool.emplace_back([&, total, count] {
        // Bounded: each index in [0, total) is taken once.
        for (std::size_t i = next++; i < total; i = next++) {
          if (count && std::chrono::steady_clock::now() >= hard_stop) {
            ++skipped;
            continue;
          }
          std::string failure =
              ProbeOnce(exporter.port(), drive.module, drive.targets[i % per_round], drive.timeout_s);
          if (!count) continue;
          ++completed;
          if (failure.empty()) {
            ++ok;
          } else {
            std::lock_guard<std::mutex> lock(mutex);
            ++failures[failure];
          }
        }
      });
    }
    for (auto& th : pool) th.join();
  };

  run(std::min<std::size_t>(static_cast<std::size_t>(drive.warmup_probes), per_round), false);
  CpuTimes before, after;
  if (!ProcessCpu(exporter.pid(), &before)) {
    return MakeError(ErrorKind::kInternal, "cannot read /proc/" + std::to_string(exporter.pid()) + "/stat");
  }
  const auto wall_before = std::chrono::steady_clock::now();
  run(per_round * static_cast<std::size_t>(drive.rounds), true);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  if (!ProcessCpu(exporter.pid(), &after)) {
    return MakeError(ErrorKind::kInternal, "blackbox_exporter exited during the run");
  }
  SideResult r;
  r.side = "blackbox";
  r.kind = drive.kind;
  r.probes = completed.load();
  r.ok = ok.load();
  r.skipped = skipped.load();
  r.wall_s = wall;
  r.cpu = after - before;
  r.peak_rss_kib = ProcessPeakRssKib(exporter.pid());
  r.failures = failures;
  return r;
}

}  // namespace lde::bench
