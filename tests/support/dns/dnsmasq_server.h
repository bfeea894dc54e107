#pragma once

// A real DNS server for resolver tests: dnsmasq (Debian package
// dnsmasq-base) in the foreground on 127.0.0.1:<free port>, answering only
// from the records given. Names under `.test` that are not listed get
// NXDOMAIN; other names are REFUSED (there is no upstream). Start() returns
// only once dnsmasq has answered a query; the destructor kills it.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"

namespace lde::testing {

struct DnsRecord {
  std::string name;
  std::vector<std::string> addresses;  // IPv4 and/or IPv6: one A/AAAA each
};

class DnsmasqServer {
 public:
  static constexpr const char* kBinary = "/usr/sbin/dnsmasq";

  // `txt_only` names get a TXT record and no address (a NODATA answer for A
  // and AAAA). Returns nullptr and sets *error (with dnsmasq's own output) if
  // the binary is missing or the server does not come up within 5 s.
  static std::unique_ptr<DnsmasqServer> Start(const std::vector<DnsRecord>& records,
                                              const std::vector<std::string>& txt_only, std::string* error);
  ~DnsmasqServer();
  DnsmasqServer(const DnsmasqServer&) = delete;
  DnsmasqServer& operator=(const DnsmasqServer&) = delete;

  std::uint16_t port() const { return port_; }
  config::ResolverConfig::Server server() const { return {"127.0.0.1", port_}; }

 private:
  DnsmasqServer(pid_t pid, std::uint16_t port, std::string log_path)
      : pid_(pid), port_(port), log_path_(std::move(log_path)) {}

  pid_t pid_;
  std::uint16_t port_;
  std::string log_path_;
};

// A UDP socket on 127.0.0.1:<free port> that receives queries and never
// answers: the peer of every DNS timeout test. Bound before the constructor
// returns; throws std::runtime_error if it cannot bind.
class SilentUdpServer {
 public:
  SilentUdpServer();
  ~SilentUdpServer();
  SilentUdpServer(const SilentUdpServer&) = delete;
  SilentUdpServer& operator=(const SilentUdpServer&) = delete;

  std::uint16_t port() const { return port_; }
  config::ResolverConfig::Server server() const { return {"127.0.0.1", port_}; }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace lde::testing
