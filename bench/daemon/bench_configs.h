#pragma once

// The configurations daemon_load generates: the daemon's (targets, stores,
// schedule) and blackbox_exporter's modules, for the same farm.

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/farm.h"

namespace lde::bench {

// The HTTPS targets' path: a UCWA discovery document, as probe_load serves.
inline constexpr char kDiscoveryPath[] = "/Autodiscover/AutodiscoverService.svc/root";

struct DaemonConfigSpec {
  std::string kind;  // "tls" | "https"
  int concurrency = 8;
  int interval_s = 5;
  int timeout_s = 5;
  std::string roots_file;  // the farm's roots: the `enterprise` store
};

// Every farm target (target i on ports[i]) under its own name, with its SNI
// and two stores judged, as a site monitoring its internal pool would:
// `public` = the OS bundle, `enterprise` = the bench roots.
std::string DaemonConfigYaml(const DaemonConfigSpec& spec, const std::vector<FarmTarget>& targets,
                             const std::vector<std::uint16_t>& ports);

// Two modules per target (blackbox's tls_config.server_name is per module,
// and every leaf has its own name): `<name>_https`, the http prober (GET,
// 2xx, TLS verified against the roots) and `<name>_tls`, the tcp prober
// with tls: true.
std::string BlackboxModulesYaml(const std::vector<FarmTarget>& targets, const std::string& roots_file,
                                int timeout_s);

// What /probe's target= takes: the URL for https, host:port for tls.
std::string BlackboxTargetParam(const std::string& kind, std::uint16_t port);

}  // namespace lde::bench
