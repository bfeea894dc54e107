#include "dns/resolver.h"

#include <string_view>

#include "common/ascii.h"
#include "common/ip_literal.h"
#include "dns/address_list.h"
#include "dns/ares_lookup.h"

namespace lde::dns {
namespace {

bool IsLocalhost(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return EqualsIgnoreAsciiCase(host, "localhost");
}

class AresResolver final : public Resolver {
 public:
  AresResolver(std::string name, std::vector<config::ResolverConfig::Server> servers)
      : name_(std::move(name)), servers_(std::move(servers)) {}

  Result<std::vector<std::string>> Resolve(const std::string& host, const Deadline& deadline) const override {
    if (host.empty()) return MakeError(ErrorKind::kDnsError, "empty host name");
    if (auto literal = CanonicalIpLiteral(host)) {
      return std::vector<std::string>{*literal};
    }
    // c-ares never sends "localhost" to DNS (RFC 6761 section 6.3) and, with
    // no hosts file in a server view, would fail with a misleading "could not
    // contact DNS servers"; the RFC's answer is the loopback address.
    if (!servers_.empty() && IsLocalhost(host)) {
      return std::vector<std::string>{"127.0.0.1", "::1"};
    }
    return detail::AresLookup(host, servers_, deadline);
  }

  const std::string& name() const override { return name_; }

 private:
  const std::string name_;
  const std::vector<config::ResolverConfig::Server> servers_;
};

}  // namespace

Resolver::~Resolver() = default;

std::unique_ptr<Resolver> MakeSystemResolver() {
  return std::make_unique<AresResolver>("system", std::vector<config::ResolverConfig::Server>{});
}

std::unique_ptr<Resolver> MakeServerResolver(std::string name,
                                             std::vector<config::ResolverConfig::Server> servers) {
  return std::make_unique<AresResolver>(std::move(name), std::move(servers));
}

}  // namespace lde::dns
