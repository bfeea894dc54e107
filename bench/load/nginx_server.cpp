#include "load/nginx_server.h"

#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lde::bench {
namespace {

// nginx `return` text is a quoted string: only ' and \ need escaping.
std::string NginxQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// The location every server answers with: the document, never cached.
std::string Location(const NginxSpec& spec) {
  return "    location / {\n      default_type \"" + spec.content_type + "\";\n" +
         "      add_header Cache-Control no-cache;\n" + "      return 200 " + NginxQuoted(spec.body) +
         ";\n    }\n";
}

// `chain_files[i]` and `key_files[i]` are served on ports[i]; a single pair
// serves every port.
std::string Config(const NginxSpec& spec, const std::vector<std::uint16_t>& ports,
                   const std::vector<std::string>& chain_files, const std::vector<std::string>& key_files) {
  std::ostringstream c;
  c << "daemon off;\nmaster_process on;\nworker_processes " << spec.workers << ";\n";
  // A farm of thousands of ports holds a listening socket per port on top of
  // the connections.
  if (ports.size() > 512) c << "worker_rlimit_nofile " << ports.size() + 8192 << ";\n";
  c << "pid " << spec.dir << "/nginx.pid;\nerror_log " << spec.dir
    << "/nginx-error.log warn;\n"
    // A listening socket takes one of a worker's connections too.
    << "events { worker_connections " << ports.size() + 4096 << "; }\n"
    << "http {\n  access_log off;\n  ssl_protocols " << spec.protocols << ";\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c << "  " << temp << "_temp_path " << spec.dir << "/" << temp << ";\n";
  }
  if (chain_files.size() == 1) {
    c << "  server {\n";
    for (auto port : ports) c << "    listen 127.0.0.1:" << port << " ssl;\n";
    c << "    ssl_certificate " << chain_files[0] << ";\n"
      << "    ssl_certificate_key " << key_files[0] << ";\n"
      << Location(spec) << "  }\n";
  } else {
    for (std::size_t i = 0; i < ports.size(); ++i) {
      c << "  server {\n    listen 127.0.0.1:" << ports[i] << " ssl;\n"
        << "    ssl_certificate " << chain_files[i] << ";\n"
        << "    ssl_certificate_key " << key_files[i] << ";\n"
        << Location(spec) << "  }\n";
    }
  }
  if (spec.crl_port != 0) {
    c << "  server {\n    listen 127.0.0.1:" << spec.crl_port << ";\n"
      << "    location /crl/ {\n      default_type application/pkix-crl;\n"
      << "      root " << std::filesystem::path(spec.crl_file).parent_path().string() << ";\n"
      << "      try_files /" << std::filesystem::path(spec.crl_file).filename().string() << " =404;\n"
      << "    }\n  }\n";
  }
  c << "}\n";
  return c.str();
}

}  // namespace

Result<std::unique_ptr<NginxServer>> NginxServer::Start(const NginxSpec& spec) {
  std::vector<NginxSite> sites = spec.sites;
  if (sites.empty()) sites.assign(1, NginxSite{spec.chain_pem, spec.key_pem});
  const std::size_t port_count = spec.sites.empty() ? static_cast<std::size_t>(spec.ports) : sites.size();
  // A large farm takes its ports below the ephemeral range (see
  // PickLoopbackPortsInRange), from 10000: delay_proxy's start from 20000
  // up, and skips whatever is taken.
  auto picked =
      port_count > 512 ? PickLoopbackPortsInRange(port_count, 10000, 32767) : PickLoopbackPorts(port_count);
  if (!picked.ok()) return picked.error();
  std::vector<std::uint16_t> ports = std::move(picked).value();
  std::vector<std::string> chain_files, key_files;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::string stem = spec.dir + "/server-" + std::to_string(i);
    chain_files.push_back(stem + "-chain.pem");
    key_files.push_back(stem + "-key.pem");
    std::ofstream(chain_files.back()) << sites[i].chain_pem;
    std::ofstream(key_files.back()) << sites[i].key_pem;
  }
  const std::string conf = spec.dir + "/nginx.conf";
  std::ofstream(conf) << Config(spec, ports, chain_files, key_files);

  const std::string log = spec.dir + "/nginx-stderr.log";
  // -e: the startup error log (before the config is read) must not go to
  // /var/log/nginx, which a non-root user cannot write.
  auto child = ChildProcess::Spawn(
      {spec.nginx_path, "-p", spec.dir, "-e", spec.dir + "/nginx-error.log", "-c", conf}, log);
  if (!child.ok()) return child.error();
  // nginx loads every certificate before it listens: a large farm takes longer
  // (10,000 sites took more than 20 s on a loaded 2-core machine).
  const auto budget = std::chrono::seconds(10) + std::chrono::milliseconds(10 * ports.size());
  const auto give_up = std::chrono::steady_clock::now() + budget;
  std::vector<std::uint16_t> awaited = ports;
  if (spec.crl_port != 0) awaited.push_back(spec.crl_port);
  for (auto port : awaited) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(give_up - std::chrono::steady_clock::now());
    if (!WaitForLoopbackPort(port, child.value(), std::max(left, std::chrono::milliseconds(1)))) {
      return MakeError(ErrorKind::kConfig, "nginx did not listen on 127.0.0.1:" + std::to_string(port) +
                                               "; see " + spec.dir + "/nginx-error.log and " + log);
    }
  }
  return std::unique_ptr<NginxServer>(new NginxServer(std::move(ports), std::move(child).value()));
}

}  // namespace lde::bench
