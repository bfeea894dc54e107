#pragma once

// A hostile DNS server on 127.0.0.1:<free port> (UDP) that answers every
// query for <name> with a CNAME loop: <name> is an alias of
// loop-back.<name>, which is an alias of <name>, and no address. dnsmasq
// refuses to serve such a loop, so this is hand-built (RFC 1035 4.1).
// Serves from its own thread until destroyed; every wait is bounded by the
// stop signal. Throws std::runtime_error if it cannot bind.

#include <cstdint>
#include <thread>

#include "config/config.h"

namespace lde::testing {

class CnameLoopServer {
 public:
  CnameLoopServer();
  ~CnameLoopServer();
  CnameLoopServer(const CnameLoopServer&) = delete;
  CnameLoopServer& operator=(const CnameLoopServer&) = delete;

  std::uint16_t port() const { return port_; }
  config::ResolverConfig::Server server() const { return {"127.0.0.1", port_}; }

 private:
  void Serve();

  int fd_ = -1;
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace lde::testing
