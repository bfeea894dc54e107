// probe_load: CPU per probe of the real probe path under load, on loopback,
// optionally side by side with prometheus-blackbox-exporter. See
// bench/README.md. Bounded: at most --targets x --rounds probes per side and
// kind, none started after --max-seconds.

#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "load/blackbox_run.h"
#include "load/load_options.h"
#include "load/nginx_server.h"
#include "load/prober_run.h"
#include "load/report.h"
#include "support/bench_pki.h"

namespace lde::bench {
namespace {

constexpr char kHost[] = "lyncdiscover.bench.test";
constexpr char kPath[] = "/Autodiscover/AutodiscoverService.svc/root";
// A UCWA root document as a Lync 2013 Front End serves it (about 330 bytes).
constexpr char kDiscoveryJson[] =
    "{\"_links\":{\"self\":{\"href\":\"https://lyncdiscover.bench.test/Autodiscover/AutodiscoverService.svc/"
    "root?originalDomain=bench.test\"},\"user\":{\"href\":\"https://webext.bench.test/Autodiscover/"
    "AutodiscoverService.svc/root/oauth/user?originalDomain=bench.test\"},\"xframe\":{\"href\":\"https://"
    "webext.bench.test/Autodiscover/XFrame/XFrame.html\"}}}";

std::string TargetUrl(const std::string& kind, std::uint16_t port) {
  std::string url = kind + "://127.0.0.1:" + std::to_string(port);
  return kind == "https" ? url + kPath : url;
}

// Two stores, as a typical deployment judges an internal pool: the OS bundle
// and the enterprise root (which is the one that trusts the bench chain).
std::string ProberConfig(const LoadOptions& o, const std::string& kind,
                         const std::vector<std::uint16_t>& ports, const std::string& root_file) {
  std::ostringstream y;
  y << "global: {interval: 60s, timeout: " << o.timeout_s << "s, concurrency: " << o.concurrency << "}\n"
    << "trust_stores:\n  public: {system: true}\n  enterprise: {system: false, ca_files: [" << root_file
    << "]}\ntargets:\n";
  for (int i = 0; i < o.targets; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "site%05d", i);
    y << "  - {name: " << name << ", url: \""
      << TargetUrl(kind, ports[static_cast<std::size_t>(i) % ports.size()]) << "\", server_name: " << kHost
      << ", trust_stores: [public, enterprise]}\n";
  }
  return y.str();
}

// blackbox's closest equivalents: the http prober (TCP, TLS verified against
// the root, GET, 2xx) and the tcp prober with tls: true (TCP + verified TLS).
std::string BlackboxModules(const LoadOptions& o, const std::string& root_file) {
  std::ostringstream y;
  const std::string tls = "      tls_config: {ca_file: \"" + root_file + "\", server_name: " + kHost + "}\n";
  y << "modules:\n"
    << "  lde_https:\n    prober: http\n    timeout: " << o.timeout_s << "s\n    http:\n"
    << "      preferred_ip_protocol: ip4\n      ip_protocol_fallback: false\n"
    << tls << "  lde_tls:\n    prober: tcp\n    timeout: " << o.timeout_s << "s\n    tcp:\n"
    << "      preferred_ip_protocol: ip4\n      ip_protocol_fallback: false\n      tls: true\n"
    << tls;
  return y.str();
}

void PrintEnvironment(const LoadOptions& o) {
  utsname u{};
  uname(&u);
  char date[32];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  double load[3] = {0, 0, 0};
  (void)getloadavg(load, 3);
  std::cout << "probe_load " << date << " on " << u.sysname << " " << u.release << ", "
            << std::thread::hardware_concurrency() << " CPUs, load average " << load[0] << "\n"
            << "targets=" << o.targets << " rounds=" << o.rounds << " concurrency=" << o.concurrency
            << " servers=" << o.servers << " nginx_workers=" << o.nginx_workers << " key=" << KeyName(o.key)
            << " timeout=" << o.timeout_s << "s max_seconds=" << o.max_seconds << " (per run)\n";
}

int Run(const LoadOptions& o) {
  char tmpl[] = "/tmp/lde-probe-load-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::cerr << "mkdtemp failed\n";
    return 2;
  }
  const std::string dir = tmpl;
  PrintEnvironment(o);
  BenchPki pki = MakeBenchPki(kHost, o.key, std::chrono::system_clock::now());
  const std::string root_file = dir + "/bench-root.pem";
  std::ofstream(root_file) << pki.root.pem;

  NginxSpec spec;
  spec.nginx_path = o.nginx_path;
  spec.dir = dir;
  spec.chain_pem = lde::testing::PemBundle({&pki.leaf, &pki.intermediate});
  spec.key_pem = pki.leaf.key_pem;
  spec.ports = o.servers;
  spec.workers = o.nginx_workers;
  spec.body = kDiscoveryJson;
  spec.content_type = "application/json";
  auto nginx = NginxServer::Start(spec);
  if (!nginx.ok()) {
    std::cerr << "probe_load: " << nginx.error().detail << "\n";
    return 2;
  }
  const auto& ports = nginx.value()->ports();

  std::vector<SideResult> results;
  bool failed = false;
  for (const auto& kind : o.kinds) {
    ProberSpec ps;
    ps.config_yaml = ProberConfig(o, kind, ports, root_file);
    ps.base_dir = dir;
    ps.kind = kind;
    ps.rounds = o.rounds;
    ps.max_seconds = o.max_seconds;
    auto r = RunProber(ps);
    if (!r.ok()) {
      std::cerr << "probe_load: our prober (" << kind << "): " << r.error().detail << "\n";
      failed = true;
      continue;
    }
    results.push_back(r.value());
  }

  if (o.blackbox_path.empty()) {
    std::cout << "blackbox_exporter: skipped (--no-blackbox)\n";
  } else if (access(o.blackbox_path.c_str(), X_OK) != 0) {
    std::cout << "blackbox_exporter: not measured, " << o.blackbox_path
              << " is not installed (apt-get install prometheus-blackbox-exporter)\n";
  } else {
    auto exporter = BlackboxExporter::Start(o.blackbox_path, dir, BlackboxModules(o, root_file));
    if (!exporter.ok()) {
      std::cerr << "probe_load: " << exporter.error().detail << "\n";
      failed = true;
    } else {
      for (const auto& kind : o.kinds) {
        BlackboxDrive drive;
        drive.module = kind == "https" ? "lde_https" : "lde_tls";
        drive.kind = kind;
        for (int i = 0; i < o.targets; ++i) {
          std::uint16_t port = ports[static_cast<std::size_t>(i) % ports.size()];
          drive.targets.push_back(kind == "https" ? TargetUrl(kind, port)
                                                  : "127.0.0.1:" + std::to_string(port));
        }
        drive.rounds = o.rounds;
        drive.concurrency = o.concurrency;
        drive.max_seconds = o.max_seconds;
        drive.timeout_s = o.timeout_s;
        auto r = DriveBlackbox(*exporter.value(), drive);
        if (!r.ok()) {
          std::cerr << "probe_load: blackbox (" << kind << "): " << r.error().detail << "\n";
          failed = true;
          continue;
        }
        results.push_back(r.value());
      }
    }
  }
  nginx.value()->Stop();

  PrintTable(std::cout, results);
  PrintFailures(std::cout, results);
  std::cout << "cpu_ms/p: user+sys CPU of the probing process per completed probe (servers excluded).\n"
               "probes/s/c = 1000 / cpu_ms/p; cores@10k = CPU cores needed for 10,000 probes per minute.\n";
  if (o.keep_dir || failed) {
    std::cout << "scratch directory kept: " << dir << "\n";
  } else {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace lde::bench

int main(int argc, char** argv) {
  lde::bench::LoadOptions options;
  std::string error;
  if (!lde::bench::ParseLoadOptions(argc, argv, &options, &error)) {
    std::cerr << error;
    return error == lde::bench::LoadUsage() ? 0 : 2;
  }
  return lde::bench::Run(options);
}
