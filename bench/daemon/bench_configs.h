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
  std::string kind;  // "tls" | "https" | "mix" (even targets https, odd tls)
  int concurrency = 8;
  int interval_s = 5;
  int timeout_s = 5;
  std::string roots_file;  // the farm's roots: the `enterprise` store
  // Lync deployments (--deployments): their SIP domains, the dnsmasq view
  // they resolve through and the deployments' nginx ports.
  std::vector<std::string> deployment_domains;
  std::uint16_t dns_port = 0;
  std::uint16_t lync_https_port = 0;
  std::uint16_t lync_http_port = 0;
};

// The kind target i is probed as in a window of `kind`: "mix" alternates
// https (even i) and tls (odd i); the others are themselves.
std::string TargetKind(const std::string& kind, std::size_t i);

// Every farm target (target i on ports[i]) under its own name, with its SNI
// and two stores judged, as a site monitoring its internal pool would:
// `public` = the OS bundle, `enterprise` = the bench roots. With deployment
// domains: a resolver `bench` (the dnsmasq view), a profile `managed`
// (public + enterprise) and one deployment per domain probing both networks
// on the deployments' ports through that resolver.
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
