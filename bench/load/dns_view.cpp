#include "load/dns_view.h"

namespace lde::bench {

Result<std::unique_ptr<DnsView>> DnsView::Start(const std::string& dnsmasq_path, const std::string& dir,
                                                const std::string& zone) {
  const std::string log = dir + "/dnsmasq.log";
  std::string last_error = "no attempt";
  // Bounded: another program may take the picked port between our pick and
  // dnsmasq's bind (or hold its UDP twin); a few attempts suffice.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto port = PickLoopbackPort();
    if (!port.ok()) return port.error();
    auto child =
        ChildProcess::Spawn({dnsmasq_path, "--no-daemon", "--log-facility=-", "--conf-file=/dev/null",
                             "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1",
                             "--port=" + std::to_string(port.value()),
                             // Every name of the zone is 127.0.0.1; `local` makes dnsmasq
                             // authoritative for it, so AAAA gets an empty answer, not REFUSED.
                             "--address=/" + zone + "/127.0.0.1", "--local=/" + zone + "/", "--cache-size=0"},
                            log);
    if (!child.ok()) return child.error();
    // dnsmasq listens on TCP too, on the same port, once it has bound UDP.
    if (WaitForLoopbackPort(port.value(), child.value(), std::chrono::seconds(5))) {
      return std::unique_ptr<DnsView>(new DnsView(port.value(), std::move(child).value()));
    }
    child.value().Stop(SIGTERM);
    last_error = "dnsmasq did not answer on 127.0.0.1:" + std::to_string(port.value());
  }
  return MakeError(ErrorKind::kConfig, last_error + "; see " + log);
}

}  // namespace lde::bench
