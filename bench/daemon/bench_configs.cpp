#include "daemon/bench_configs.h"

#include <sstream>

namespace lde::bench {

std::string DaemonConfigYaml(const DaemonConfigSpec& spec, const std::vector<FarmTarget>& targets,
                             const std::vector<std::uint16_t>& ports) {
  std::ostringstream y;
  y << "global: {interval: " << spec.interval_s << "s, timeout: " << spec.timeout_s
    << "s, concurrency: " << spec.concurrency << "}\n"
    << "trust_stores:\n  public: {system: true}\n  enterprise: {system: false, ca_files: [" << spec.roots_file
    << "]}\ntargets:\n";
  for (std::size_t i = 0; i < targets.size() && i < ports.size(); ++i) {
    std::string url = spec.kind + "://127.0.0.1:" + std::to_string(ports[i]);
    if (spec.kind == "https") url += kDiscoveryPath;
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
