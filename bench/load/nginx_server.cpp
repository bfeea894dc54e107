#include "load/nginx_server.h"

#include <signal.h>

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

std::string Config(const NginxSpec& spec, const std::vector<std::uint16_t>& ports) {
  std::ostringstream c;
  c << "daemon off;\nmaster_process on;\nworker_processes " << spec.workers << ";\n"
    << "pid " << spec.dir << "/nginx.pid;\nerror_log " << spec.dir << "/nginx-error.log warn;\n"
    << "events { worker_connections 4096; }\n"
    << "http {\n  access_log off;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c << "  " << temp << "_temp_path " << spec.dir << "/" << temp << ";\n";
  }
  c << "  server {\n";
  for (auto port : ports) c << "    listen 127.0.0.1:" << port << " ssl;\n";
  c << "    ssl_certificate " << spec.dir << "/server-chain.pem;\n"
    << "    ssl_certificate_key " << spec.dir << "/server-key.pem;\n"
    << "    location / {\n      default_type \"" << spec.content_type << "\";\n"
    << "      add_header Cache-Control no-cache;\n"
    << "      return 200 " << NginxQuoted(spec.body) << ";\n    }\n  }\n}\n";
  return c.str();
}

}  // namespace

Result<std::unique_ptr<NginxServer>> NginxServer::Start(const NginxSpec& spec) {
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < spec.ports; ++i) {
    auto port = PickLoopbackPort();
    if (!port.ok()) return port.error();
    ports.push_back(port.value());
  }
  std::ofstream(spec.dir + "/server-chain.pem") << spec.chain_pem;
  std::ofstream(spec.dir + "/server-key.pem") << spec.key_pem;
  const std::string conf = spec.dir + "/nginx.conf";
  std::ofstream(conf) << Config(spec, ports);

  const std::string log = spec.dir + "/nginx-stderr.log";
  // -e: the startup error log (before the config is read) must not go to
  // /var/log/nginx, which a non-root user cannot write.
  auto child = ChildProcess::Spawn(
      {spec.nginx_path, "-p", spec.dir, "-e", spec.dir + "/nginx-error.log", "-c", conf}, log);
  if (!child.ok()) return child.error();
  for (auto port : ports) {
    if (!WaitForLoopbackPort(port, child.value(), std::chrono::seconds(10))) {
      return MakeError(ErrorKind::kConfig, "nginx did not listen on 127.0.0.1:" + std::to_string(port) +
                                               "; see " + spec.dir + "/nginx-error.log and " + log);
    }
  }
  return std::unique_ptr<NginxServer>(new NginxServer(std::move(ports), std::move(child).value()));
}

}  // namespace lde::bench
