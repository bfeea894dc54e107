#pragma once

// A DNS view for the bench's simulated deployments: dnsmasq (Debian's
// dnsmasq-base) on 127.0.0.1 at a free port, answering every name under
// `zone` with 127.0.0.1 (AAAA: no data) and refusing everything else, with
// no upstream, no /etc/hosts and no cache. A child of the bench
// (PR_SET_PDEATHSIG), stopped by pid.

#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "load/child_process.h"

namespace lde::bench {

class DnsView {
 public:
  static constexpr char kDefaultBinary[] = "/usr/sbin/dnsmasq";

  // Tries up to 5 free ports (dnsmasq needs the port free for UDP and TCP);
  // each start is given 5 s to accept on TCP. Error kConfig naming the log.
  static Result<std::unique_ptr<DnsView>> Start(const std::string& dnsmasq_path, const std::string& dir,
                                                const std::string& zone);

  std::uint16_t port() const { return port_; }
  void Stop() { child_->Stop(SIGTERM); }

 private:
  DnsView(std::uint16_t port, ChildProcess child) : port_(port), child_(std::move(child)) {}

  std::uint16_t port_;
  std::optional<ChildProcess> child_;
};

}  // namespace lde::bench
