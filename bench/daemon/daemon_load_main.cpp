// daemon_load: CPU per probe of lyncdiscover_exporter as it runs (the
// release binary, resident, on its own schedule, scraped), beside
// blackbox_exporter driven through /probe as Prometheus drives it, and
// openssl s_time's bare handshake, on one farm of distinct certificates
// served by loopback nginx. See bench/README.md. Bounded by --max-seconds.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "daemon/bench_configs.h"
#include "daemon/blackbox_window.h"
#include "daemon/daemon_options.h"
#include "daemon/daemon_report.h"
#include "daemon/daemon_window.h"
#include "daemon/farm.h"
#include "daemon/lync_farm.h"
#include "daemon/machine_info.h"
#include "daemon/s_time_run.h"
#include "load/blackbox_run.h"
#include "load/delay_proxy_process.h"
#include "load/dns_view.h"
#include "load/nginx_server.h"

namespace lde::bench {
namespace {

// A UCWA root document as a Lync 2013 Front End serves it (about 330 bytes),
// the body of every HTTPS target.
constexpr char kDiscoveryJson[] =
    "{\"_links\":{\"self\":{\"href\":\"https://lyncdiscover.bench.test/Autodiscover/AutodiscoverService.svc/"
    "root?originalDomain=bench.test\"},\"user\":{\"href\":\"https://webext.bench.test/Autodiscover/"
    "AutodiscoverService.svc/root/oauth/user?originalDomain=bench.test\"},\"xframe\":{\"href\":\"https://"
    "webext.bench.test/Autodiscover/XFrame/XFrame.html\"}}}";

bool Executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

// Clear messages for what is missing, before anything is minted or started.
bool CheckTools(const DaemonLoadOptions& o) {
  bool ok = true;
  auto need = [&](const std::string& path, const std::string& what) {
    if (Executable(path)) return;
    std::cerr << "daemon_load: " << what << " not found at \"" << path << "\"\n";
    ok = false;
  };
  need(o.daemon_path, "the daemon (build target lyncdiscover_exporter, or --daemon PATH)");
  need(o.nginx_path, "nginx (apt-get install nginx-light, or --nginx PATH)");
  if (!o.blackbox_path.empty()) {
    need(o.blackbox_path,
         "blackbox_exporter (apt-get install prometheus-blackbox-exporter, or --no-blackbox)");
  }
  if (!o.openssl_path.empty()) need(o.openssl_path, "openssl (apt-get install openssl, or --no-stime)");
  if (o.rtt_ms > 0) need(o.proxy_path, "delay_proxy (build target lde_delay_proxy, or --proxy PATH)");
  if (o.deployments > 0) need(o.dnsmasq_path, "dnsmasq (apt-get install dnsmasq-base, or --dnsmasq PATH)");
  return ok;
}

struct Farmed {
  Farm farm;
  std::unique_ptr<NginxServer> nginx;
  std::unique_ptr<DelayProxyProcess> proxy;  // with --rtt-ms only
  std::vector<std::uint16_t> probe_ports;    // what the probers target: nginx's, or the proxy's
  std::string roots_file;
  // With --deployments: their certificates, servers and DNS view.
  LyncFarm lync;
  std::unique_ptr<LyncNginx> lync_nginx;
  std::unique_ptr<DnsView> dns;
};

// With --rtt-ms, what a latency-bound estate asks: did every target get its
// run, how long did a probe take, how many had to be in flight at once
// (Little's law) against the concurrency, and what the threads cost.
// The window's largest scrape, the uncompressed ones after it, and with
// --deployments their probes and readiness, apart from the targets'.
void PrintScrapesAndDeployments(const WindowResult& r) {
  std::cout << "    scrapes " << r.scrapes << ": largest " << r.largest_scrape_bytes << " bytes of text ("
            << r.largest_scrape_wire_bytes << " gzipped) in " << r.largest_scrape_ms << " ms; slowest "
            << r.slowest_scrape_ms << " ms; median " << r.median_scrape_ms << " ms\n";
  if (!r.scrape_cpu_ms.empty()) {
    std::cout << "    the daemon's HTTP threads per scrape: CPU median " << Median(r.scrape_cpu_ms)
              << " ms, most " << *std::max_element(r.scrape_cpu_ms.begin(), r.scrape_cpu_ms.end())
              << " ms; waiting for a CPU median " << Median(r.scrape_wait_ms) << " ms\n";
  }
  std::cout << "    uncompressed (after the window, 3 in a row): " << r.plain_scrape_bytes << " bytes in "
            << r.plain_scrape_ms << " to " << r.plain_scrape_max_ms << " ms\n";
  if (r.deployments > 0) {
    std::cout << "    deployments " << r.deployments << ": " << r.deployment_ok << "/" << r.deployment_probes
              << " probes ok (due " << r.deployment_expected << "); signin_ready 1 on " << r.ready_ones
              << " of " << r.ready_series << " series (" << r.deployments * 2
              << " deployment x network pairs)\n";
  }
  std::cout << std::flush;
}

void PrintLatency(const WindowResult& r) {
  const double rate = r.wall_s > 0 ? static_cast<double>(r.probes) / r.wall_s : 0;
  std::cout << "    due " << r.expected << ", done " << r.probes << ", skipped " << r.skipped << "; " << rate
            << " probes/s, mean probe " << r.mean_duration_s * 1000 << " ms (max " << r.max_duration_s * 1000
            << "); in flight needed " << rate * r.mean_duration_s << " of C=" << r.concurrency << "; threads "
            << r.threads << ", VmRSS " << r.rss_kib / 1024.0 << " MiB, VmHWM " << r.hwm_kib / 1024.0
            << " MiB\n"
            << std::flush;
}

class Runner {
 public:
  Runner(const DaemonLoadOptions& o, const std::string& dir, Farmed& farmed, DaemonLoadRecord& record)
      : o_(o), dir_(dir), farmed_(farmed), record_(record) {
    hard_stop_ = std::chrono::steady_clock::now() + std::chrono::seconds(o.max_seconds);
  }

  // False (with a message on stderr) on the first window that fails.
  bool Run(BlackboxExporter* blackbox) {
    for (int c : o_.concurrencies) {
      for (int r = 1; r <= o_.repeats; ++r) {
        // Alternate which side goes first, so a drift of the machine's load
        // over the run does not always favour the same side.
        const bool daemon_first = r % 2 == 1;
        for (const auto& kind : o_.kinds) {
          for (int turn = 0; turn < 2; ++turn) {
            const bool daemon_turn = (turn == 0) == daemon_first;
            if (daemon_turn && !DaemonWindow(c, r, kind)) return false;
            if (!daemon_turn && blackbox != nullptr && !BlackboxWindow(*blackbox, c, r, kind)) return false;
          }
        }
        if (!o_.openssl_path.empty() && !STime(c, r)) return false;
      }
    }
    return true;
  }

 private:
  bool Check(const Result<WindowResult>& w, const std::string& what) {
    if (!w.ok()) {
      std::cerr << "daemon_load: " << what << ": " << w.error().detail << "\n";
      return false;
    }
    WindowResult r = w.value();
    // Other work on the machine inflates CPU times (shared caches, SMT):
    // each window says how busy the machine was.
    double load[3];
    ReadLoad(load);
    r.load1 = load[0];
    std::cout << "  " << what << ": " << r.ok << "/" << r.probes << " ok, " << r.CpuMsPerOk()
              << " CPU ms per probe\n"
              << std::flush;
    if (r.side == "daemon") PrintLatency(r);
    if (r.side == "daemon") PrintScrapesAndDeployments(r);
    record_.windows.push_back(r);
    if (r.probes == 0 || static_cast<double>(r.ok) < o_.min_success * static_cast<double>(r.probes)) {
      std::cerr << "daemon_load: " << what << ": only " << r.ok << " of " << r.probes
                << " probes succeeded (need " << o_.min_success * 100 << "%); see " << r.log_path << "\n";
      return false;
    }
    // The deployments are held to the same bar, and every profile of every
    // network must have come out ready at the window's last scrape.
    if (r.deployments > 0) {
      const std::uint64_t want_ready = static_cast<std::uint64_t>(r.deployments) * 2;  // internal + external
      if (r.deployment_probes == 0 ||
          static_cast<double>(r.deployment_ok) < o_.min_success * static_cast<double>(r.deployment_probes)) {
        std::cerr << "daemon_load: " << what << ": only " << r.deployment_ok << " of " << r.deployment_probes
                  << " deployment probes succeeded (need " << o_.min_success * 100 << "%); see " << r.log_path
                  << "\n";
        return false;
      }
      if (static_cast<double>(r.ready_ones) < o_.min_success * static_cast<double>(want_ready)) {
        std::cerr << "daemon_load: " << what << ": " << r.ready_ones << " of " << want_ready
                  << " (deployment, network) pairs ready (need " << o_.min_success * 100 << "%); see "
                  << r.log_path << "\n";
        return false;
      }
    }
    return true;
  }

  bool DaemonWindow(int c, int r, const std::string& kind) {
    DaemonConfigSpec cs;
    cs.kind = kind;
    cs.concurrency = c;
    cs.interval_s = o_.interval_s;
    cs.timeout_s = o_.timeout_s;
    cs.roots_file = farmed_.roots_file;
    if (farmed_.dns) {
      for (const auto& d : farmed_.lync.deployments) cs.deployment_domains.push_back(d.domain);
      cs.dns_port = farmed_.dns->port();
      cs.lync_https_port = farmed_.lync_nginx->ports().https;
      cs.lync_http_port = farmed_.lync_nginx->ports().http;
    }
    DaemonWindowSpec spec;
    spec.daemon_path = o_.daemon_path;
    spec.config_yaml = DaemonConfigYaml(cs, farmed_.farm.targets, farmed_.probe_ports);
    spec.dir = dir_;
    spec.kind = kind;
    spec.concurrency = c;
    spec.repeat = r;
    spec.targets = static_cast<int>(farmed_.farm.targets.size());
    spec.deployments = cs.deployment_domains;
    spec.interval_s = o_.interval_s;
    spec.scrape_interval_s = o_.scrape_interval_s;
    spec.window_s = o_.window_s;
    spec.hard_stop = hard_stop_;
    return Check(RunDaemonWindow(spec),
                 "daemon   C=" + std::to_string(c) + " rep " + std::to_string(r) + " " + kind);
  }

  bool BlackboxWindow(BlackboxExporter& blackbox, int c, int r, const std::string& kind) {
    BlackboxWindowSpec spec;
    spec.port = blackbox.port();
    spec.pid = blackbox.pid();
    spec.log_path = dir_ + "/blackbox.log";
    spec.kind = kind;
    spec.concurrency = c;
    spec.repeat = r;
    const auto& ports = farmed_.probe_ports;
    for (std::size_t i = 0; i < farmed_.farm.targets.size(); ++i) {
      const std::string k = TargetKind(kind, i);  // mix: the same alternation as the daemon's
      spec.targets.push_back({farmed_.farm.targets[i].name + "_" + k, BlackboxTargetParam(k, ports[i])});
    }
    spec.interval_s = o_.interval_s;
    spec.window_s = o_.window_s;
    spec.timeout_s = o_.timeout_s;
    spec.hard_stop = hard_stop_;
    return Check(RunBlackboxWindow(spec),
                 "blackbox C=" + std::to_string(c) + " rep " + std::to_string(r) + " " + kind);
  }

  // One s_time per key type the farm has, against the first port of each:
  // the bare handshake, and when HTTPS targets are measured, the handshake
  // plus the GET an HTTPS probe sends (report both: the aim is against the
  // first, the second is like for like).
  bool STime(int c, int r) {
    const auto& kinds = o_.kinds;
    const bool https = std::find(kinds.begin(), kinds.end(), "https") != kinds.end() ||
                       std::find(kinds.begin(), kinds.end(), "mix") != kinds.end();
    if (!STimeRuns(c, r, "")) return false;
    return !https || STimeRuns(c, r, kDiscoveryPath);
  }

  bool STimeRuns(int c, int r, const std::string& www) {
    for (const char* key : {"ec", "rsa"}) {
      const auto want = std::string(key) == "ec" ? lde::testing::CertSpec::Key::kEcP256
                                                 : lde::testing::CertSpec::Key::kRsa2048;
      const auto& targets = farmed_.farm.targets;
      auto it =
          std::find_if(targets.begin(), targets.end(), [&](const FarmTarget& t) { return t.key == want; });
      if (it == targets.end()) continue;
      if (std::chrono::steady_clock::now() + std::chrono::seconds(o_.stime_seconds + 15) > hard_stop_) {
        std::cerr << "daemon_load: --max-seconds reached before s_time\n";
        return false;
      }
      const auto port = farmed_.nginx->ports()[static_cast<std::size_t>(it - targets.begin())];
      // A log of its own per run: RunSTime refuses one already used.
      const std::string log = dir_ + "/s_time-c" + std::to_string(c) + "-r" + std::to_string(r) + "-" + key +
                              (www.empty() ? "" : "-www") + ".log";
      auto s = RunSTime(o_.openssl_path, port, o_.stime_seconds, log, www);
      if (!s.ok()) {
        std::cerr << "daemon_load: " << s.error().detail << "\n";
        return false;
      }
      STimeResult result = s.value();
      result.key = key;
      result.concurrency = c;
      result.repeat = r;
      std::cout << "  s_time   C=" << c << " rep " << r << " " << key << (www.empty() ? "" : " -www") << ": "
                << result.connections << (www.empty() ? " handshakes, " : " handshakes and GETs, ")
                << result.CpuMsPerHandshake() << " CPU ms each\n"
                << std::flush;
      record_.stimes.push_back(result);
    }
    return true;
  }

  const DaemonLoadOptions& o_;
  std::string dir_;
  Farmed& farmed_;
  DaemonLoadRecord& record_;
  std::chrono::steady_clock::time_point hard_stop_;
};

int Run(DaemonLoadOptions o, const std::string& command) {
  if (o.blackbox_optional && !Executable(o.blackbox_path)) {
    std::cout << "blackbox_exporter: not installed at " << o.blackbox_path << ", skipped\n";
    o.blackbox_path.clear();
  }
  if (o.deployments > 0 && !o.blackbox_path.empty()) {
    std::cout << "blackbox_exporter: skipped, it has no Lync flow (the daemon's CPU would include the "
                 "deployments' work)\n";
    o.blackbox_path.clear();
  }
  if (!CheckTools(o)) return 2;
  char tmpl[] = "/tmp/lde-daemon-load-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::cerr << "daemon_load: mkdtemp failed\n";
    return 2;
  }
  const std::string dir = tmpl;
  DaemonLoadRecord record;
  record.options = o;
  record.command = command;
  record.machine = ReadMachineInfo(dir, o.openssl_path.empty() ? "/usr/bin/openssl" : o.openssl_path,
                                   o.nginx_path, o.blackbox_path, o.daemon_path);

  Farmed farmed;
  FarmSpec fs;
  fs.targets = o.targets;
  fs.mix = o.key;
  fs.rsa_key_pool = o.rsa_key_pool;
  fs.issuing_cas = o.issuing_cas;
  std::uint16_t crl_port = 0;
  if (o.crl_bytes > 0) {
    // Below both ranges the farm's ports come from (10000-32767 for a large
    // farm, the ephemeral range for a small one), so nginx never finds the
    // CRL port among its own.
    auto port = PickLoopbackPortsInRange(1, 2000, 9999);
    if (!port.ok()) {
      std::cerr << "daemon_load: " << port.error().detail << "\n";
      return 2;
    }
    crl_port = port.value().front();
    fs.crl_url_prefix = "http://127.0.0.1:" + std::to_string(crl_port) + "/crl/";
    std::ofstream(dir + "/junk.crl") << std::string(static_cast<std::size_t>(o.crl_bytes), 'j');
    // nginx's workers read it as an unprivileged user when started as root:
    // the scratch directory (mkdtemp: 0700) must let them through.
    chmod(dir.c_str(), 0711);
    chmod((dir + "/junk.crl").c_str(), 0644);
  }
  farmed.farm = MintFarm(fs, std::chrono::system_clock::now());
  record.ec_targets = farmed.farm.ec_targets;
  record.rsa_targets = farmed.farm.rsa_targets;
  record.mint_seconds = farmed.farm.mint_seconds;
  farmed.lync = MintLyncFarm(o.deployments, std::chrono::system_clock::now());
  farmed.roots_file = dir + "/bench-roots.pem";
  std::ofstream(farmed.roots_file) << farmed.farm.roots_pem << farmed.lync.root_pem;
  PrintMachine(std::cout, record, false);

  NginxSpec ns;
  ns.nginx_path = o.nginx_path;
  ns.dir = dir;
  for (const auto& t : farmed.farm.targets) ns.sites.push_back({t.chain_pem, t.key_pem});
  ns.body = kDiscoveryJson;
  ns.content_type = "application/json";
  ns.protocols = o.tls_protocols;
  ns.crl_port = crl_port;
  ns.crl_file = dir + "/junk.crl";
  auto nginx = NginxServer::Start(ns);
  if (!nginx.ok()) {
    std::cerr << "daemon_load: " << nginx.error().detail << "\n";
    return 2;
  }
  farmed.nginx = std::move(nginx).value();
  farmed.probe_ports = farmed.nginx->ports();
  if (o.rtt_ms > 0) {
    DelayProxySpec ps;
    ps.proxy_path = o.proxy_path;
    ps.dir = dir;
    ps.upstream_ports = farmed.nginx->ports();
    ps.rtt_ms = o.rtt_ms;
    ps.max_seconds = o.max_seconds + 60;
    auto proxy = DelayProxyProcess::Start(ps);
    if (!proxy.ok()) {
      std::cerr << "daemon_load: " << proxy.error().detail << "\n";
      return 2;
    }
    farmed.proxy = std::move(proxy).value();
    farmed.probe_ports = farmed.proxy->ports();
    std::cout << "delay_proxy: " << o.rtt_ms << " ms per round trip in front of every target (pid "
              << farmed.proxy->pid() << ")\n";
  }

  if (o.deployments > 0) {
    auto dns = DnsView::Start(o.dnsmasq_path, dir, "bench.test");
    if (!dns.ok()) {
      std::cerr << "daemon_load: " << dns.error().detail << "\n";
      return 2;
    }
    farmed.dns = std::move(dns).value();
    auto lync = LyncNginx::Start(o.nginx_path, dir, farmed.lync.deployments);
    if (!lync.ok()) {
      std::cerr << "daemon_load: " << lync.error().detail << "\n";
      return 2;
    }
    farmed.lync_nginx = std::move(lync).value();
    std::cout << "deployments: " << o.deployments << " (d0000.bench.test ...), minted in "
              << farmed.lync.mint_seconds << " s; dnsmasq on 127.0.0.1:" << farmed.dns->port()
              << ", their nginx on 127.0.0.1:" << farmed.lync_nginx->ports().https << " (https) and "
              << farmed.lync_nginx->ports().http << " (http)\n"
              << std::flush;
  }

  std::unique_ptr<BlackboxExporter> blackbox;
  if (!o.blackbox_path.empty()) {
    auto started = BlackboxExporter::Start(
        o.blackbox_path, dir, BlackboxModulesYaml(farmed.farm.targets, farmed.roots_file, o.timeout_s));
    if (!started.ok()) {
      std::cerr << "daemon_load: " << started.error().detail << "\n";
      return 2;
    }
    blackbox = std::move(started).value();
  }

  Runner runner(o, dir, farmed, record);
  const bool ok = runner.Run(blackbox.get());
  blackbox.reset();  // stops it
  farmed.proxy.reset();
  farmed.nginx->Stop();
  if (farmed.lync_nginx) farmed.lync_nginx->Stop();
  if (farmed.dns) farmed.dns->Stop();
  ReadLoad(record.machine.load_after);

  const auto ratios = ComputeRatios(record);
  std::cout << "\n";
  PrintMachine(std::cout, record, true);
  PrintWindows(std::cout, record);
  PrintRatios(std::cout, record, ratios);
  if (!o.json_path.empty()) {
    std::ofstream json(o.json_path);
    WriteJson(json, record, ratios);
    std::cout << "raw numbers: " << o.json_path << "\n";
  }
  if (o.keep_dir || !ok) {
    std::cout << "scratch directory kept: " << dir << "\n";
  } else {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  if (!ok) std::cout << "daemon_load: FAILED (see the messages above)\n";
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace lde::bench

int main(int argc, char** argv) {
  lde::bench::DaemonLoadOptions options;
  options.daemon_path = LDE_DAEMON_PATH;
  options.proxy_path = LDE_DELAY_PROXY_PATH;
  std::string error;
  if (!lde::bench::ParseDaemonLoadOptions(argc, argv, &options, &error)) {
    std::cerr << error;
    return error == lde::bench::DaemonLoadUsage() ? 0 : 2;
  }
  std::string command;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) command += ' ';
    command += argv[i];
  }
  return lde::bench::Run(options, command);
}
