#pragma once

// nginx as the load benchmark's TLS/HTTPS servers: one master (a child of the
// bench, so its CPU never shows in the prober's getrusage) with `workers`
// worker processes, listening on `ports` loopback ports, serving `chain_pem`
// and answering every request with a Lync discovery document. Unlike the
// test server (at most 64 connections per instance), it takes any number of
// connections.

#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "load/child_process.h"

namespace lde::bench {

// One server of a farm: its own port, certificate chain and key.
struct NginxSite {
  std::string chain_pem;  // leaf first, as served
  std::string key_pem;
};

struct NginxSpec {
  std::string nginx_path = "/usr/sbin/nginx";
  std::string dir;        // scratch directory: config, logs, temp paths
  std::string chain_pem;  // leaf first, as served
  std::string key_pem;
  int ports = 4;
  // When not empty: one server per site, each on its own port with its own
  // chain (ports(), in this order); chain_pem, key_pem and `ports` are unused.
  std::vector<NginxSite> sites;
  int workers = 1;
  // ssl_protocols; nginx 1.22's default stops at TLS 1.2.
  std::string protocols = "TLSv1.2 TLSv1.3";
  std::string body;          // served for every path
  std::string content_type;  // of `body`
  // When not 0: a plain-HTTP server on this port answers every /crl/ path
  // with the file crl_file (not among ports()).
  std::uint16_t crl_port = 0;
  std::string crl_file;
};

class NginxServer {
 public:
  // Writes the config, starts nginx and waits (at most 10 s, plus 10 ms per
  // site) until every port
  // accepts. Error kConfig naming the log file when nginx does not come up.
  static Result<std::unique_ptr<NginxServer>> Start(const NginxSpec& spec);

  const std::vector<std::uint16_t>& ports() const { return ports_; }
  pid_t master_pid() const { return child_->pid(); }
  void Stop() { child_->Stop(SIGTERM); }

 private:
  NginxServer(std::vector<std::uint16_t> ports, ChildProcess child)
      : ports_(std::move(ports)), child_(std::move(child)) {}

  std::vector<std::uint16_t> ports_;
  std::optional<ChildProcess> child_;
};

}  // namespace lde::bench
