#include "probe/lookup.h"

#include <chrono>

namespace lde::probe {

model::DnsOutcome Lookup(const ProbeEnv& env, const std::string& resolver_name, const std::string& host,
                         const Deadline& deadline) {
  model::DnsOutcome out;
  out.host = host;
  const dns::Resolver& resolver = env.resolvers->Get(resolver_name);
  out.resolver = resolver.name();
  const SteadyTime start = deadline.Now();
  auto addresses = resolver.Resolve(host, deadline);
  out.elapsed = deadline.Now() - start;
  if (addresses.ok() && !addresses.value().empty()) {
    out.success = true;
    out.addresses = std::move(addresses).value();
    // A DNS server must not choose how many endpoints a probe connects to
    // and renders: keep the first addresses (IPv4 first, in answer order).
    const std::size_t keep = env.config->global.max_addresses_per_name;
    if (out.addresses.size() > keep) {
      out.addresses_skipped = out.addresses.size() - keep;
      out.addresses.resize(keep);
    }
  } else if (addresses.ok()) {
    out.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "no address"};
  } else {
    out.failure = model::StepFailure{model::Step::kDns, model::ReasonOf(addresses.error().kind),
                                     addresses.error().detail};
  }
  return out;
}

}  // namespace lde::probe
