#include "probe/lookup.h"

#include <chrono>

namespace lde::probe {

model::DnsOutcome Lookup(const ProbeEnv& env, const std::string& resolver_name, const std::string& host,
                         const Deadline& deadline) {
  model::DnsOutcome out;
  out.host = host;
  const dns::Resolver& resolver = env.resolvers->Get(resolver_name);
  out.resolver = resolver.name();
  auto start = std::chrono::steady_clock::now();
  auto addresses = resolver.Resolve(host, deadline);
  out.elapsed = std::chrono::steady_clock::now() - start;
  if (addresses.ok() && !addresses.value().empty()) {
    out.success = true;
    out.addresses = std::move(addresses).value();
  } else if (addresses.ok()) {
    out.failure = model::StepFailure{"dns", std::string(ErrorKindName(ErrorKind::kDnsNxdomain)), "no address"};
  } else {
    out.failure = model::StepFailure{"dns", std::string(ErrorKindName(addresses.error().kind)),
                                     addresses.error().detail};
  }
  return out;
}

}  // namespace lde::probe
