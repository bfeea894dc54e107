#pragma once

// Command line of daemon_load. Every count and time has a hard upper bound,
// so no invocation turns into an unbounded run.

#include <string>
#include <vector>

#include "daemon/farm.h"

namespace lde::bench {

struct DaemonLoadOptions {
  int targets = 100;  // farm size: one port, leaf and intermediate each (1..10000)
  KeyMix key = KeyMix::kMix;
  // One window per kind; "mix": one window whose targets alternate https
  // (even) and tls (odd).
  std::vector<std::string> kinds = {"tls", "https"};
  // Lync deployments dNNNN.bench.test probed beside the targets, on a
  // dnsmasq view and their own nginx (0..2000). blackbox_exporter has no
  // Lync flow: with deployments it is skipped.
  int deployments = 0;
  std::string dnsmasq_path = "/usr/sbin/dnsmasq";
  std::vector<int> concurrencies = {8, 64};  // global.concurrency, and blackbox's in-flight cap (1..256)
  int repeats = 3;                           // R (1..10)
  int interval_s = 5;                        // global.interval and blackbox's scrape interval (1..300)
  int scrape_interval_s = 5;                 // the daemon's /metrics scrapes (1..300)
  int window_s = 20;                         // measured window per side and kind (2..600)
  int timeout_s = 5;                         // probe timeout, at most the interval (1..30)
  int stime_seconds = 5;                     // openssl s_time per key type and pair (1..60)
  int rsa_key_pool = 8;                      // RSA keys shared by the RSA certificates (2..64)
  // With N > 0, every leaf names a CRL distribution point of its own on a
  // plain-HTTP nginx port that answers N bytes of junk (a hostile or broken
  // CRL server): the probes' large answers, for the allocator's sake.
  int crl_bytes = 0;    // 0..1048576
  int issuing_cas = 0;  // issuing CAs per key type, 0: one per target (0..1000)
  // ssl_protocols of the farm: TLS 1.3 as most servers now; --tls 1.2 for
  // the TLS 1.2-only reverse proxies many Lync estates still run.
  std::string tls_protocols = "TLSv1.2 TLSv1.3";
  int max_seconds = 3600;     // whole run (10..14400)
  double min_success = 0.99;  // below: the run fails (0..1)
  int rtt_ms = 0;             // > 0: probes go through delay_proxy, which adds this round-trip time (0..1000)
  std::string daemon_path;    // default: this build tree's daemon
  std::string nginx_path = "/usr/sbin/nginx";
  std::string proxy_path;  // delay_proxy; default: this build tree's
  std::string blackbox_path = "/usr/bin/prometheus-blackbox-exporter";  // empty: --no-blackbox
  bool blackbox_optional = false;                 // --blackbox-if-installed: skip it, saying so, when absent
  std::string openssl_path = "/usr/bin/openssl";  // empty: --no-stime
  std::string json_path;
  bool keep_dir = false;
};

// Parses argv; on error or --help returns false with a message in *error.
bool ParseDaemonLoadOptions(int argc, char** argv, DaemonLoadOptions* options, std::string* error);

std::string DaemonLoadUsage();

}  // namespace lde::bench
