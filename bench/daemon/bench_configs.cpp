#include "daemon/bench_configs.h"

#include <sstream>

namespace lde::bench {

std::string TargetKind(const std::string& kind, std::size_t i) {
  if (kind != "mix") return kind;
  return i % 2 == 0 ? "https" : "tls";
}

std::string DaemonConfigYaml(const DaemonConfigSpec& spec, const std::vector<FarmTarget>& targets,
                             const std::vector<std::uint16_t>& ports) {
  std::ostringstream y;
  y << "global: {interval: " << spec.interval_s << "s, timeout: " << spec.timeout_s
    << "s, concurrency: " << spec.concurrency << "}\n"
    << "trust_stores:\n  public: {system: true}\n  enterprise: {system: false, ca_files: [" << spec.roots_file
    << "]}\n";
  if (!spec.deployment_domains.empty()) {
    const std::string network = "{resolver: bench, port: " + std::to_string(spec.lync_https_port) +
                                ", http_port: " + std::to_string(spec.lync_http_port) + "}";
    y << "resolvers:\n  bench: {servers: [\"127.0.0.1:" << spec.dns_port << "\"]}\n"
      << "profiles:\n  managed: {trust_stores: [public, enterprise]}\ndeployments:\n";
    for (const auto& domain : spec.deployment_domains) {
      y << "  - {domain: " << domain << ", sip_uri: monitor@" << domain << ", internal: " << network
        << ", external: " << network << ", trust_stores: [public, enterprise], profiles: [managed]}\n";
    }
  }
  y << "targets:\n";
  for (std::size_t i = 0; i < targets.size() && i < ports.size(); ++i) {
    const std::string kind = TargetKind(spec.kind, i);
    std::string url = kind + "://127.0.0.1:" + std::to_string(ports[i]);
    if (kind == "https") url += kDiscoveryPath;
    y << "  - {name: " << targets[i].name << ", url: \"" << url << "\", server_name: " << targets[i].host
      << ", trust_stores: [public, enterprise]}\n";
  }
  return y.str();
}

std::string BlackboxModulesYaml(const std::vector<FarmTarget>& targets, const std::string& roots_file,
                                int timeout_s) {
  std::ostringstream y;
  y << "modules:\n";
  for (const auto& t : targets) {
    const std::string tls =
        "      tls_config: {ca_file: \"" + roots_file + "\", server_name: " + t.host + "}\n";
    const std::string ip = "      preferred_ip_protocol: ip4\n      ip_protocol_fallback: false\n";
    y << "  " << t.name << "_https:\n    prober: http\n    timeout: " << timeout_s << "s\n    http:\n"
      << ip << tls << "  " << t.name << "_tls:\n    prober: tcp\n    timeout: " << timeout_s
      << "s\n    tcp:\n"
      << ip << "      tls: true\n"
      << tls;
  }
  return y.str();
}

std::string BlackboxTargetParam(const std::string& kind, std::uint16_t port) {
  const std::string host_port = "127.0.0.1:" + std::to_string(port);
  return kind == "https" ? "https://" + host_port + kDiscoveryPath : host_port;
}

}  // namespace lde::bench
