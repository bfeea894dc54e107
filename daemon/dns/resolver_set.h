#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "dns/resolver.h"

namespace lde::dns {

// The DNS views of one configuration: the system resolver under "" plus one
// resolver per `resolvers:` entry. Immutable after construction, so Get may
// be called from any thread.
class ResolverSet {
 public:
  static ResolverSet FromConfig(const config::Config& config);

  // For tests and wiring: `system` answers "", `named` by their name().
  ResolverSet(std::unique_ptr<Resolver> system, std::vector<std::unique_ptr<Resolver>> named);
  ResolverSet(ResolverSet&&) noexcept;
  ResolverSet& operator=(ResolverSet&&) noexcept;
  ResolverSet(const ResolverSet&) = delete;
  ResolverSet& operator=(const ResolverSet&) = delete;
  ~ResolverSet();

  // "" is the system resolver. A name the config does not define (which
  // validation prevents) yields a resolver named "unknown" whose every lookup
  // fails with a kConfig error, rather than a crash.
  const Resolver& Get(const std::string& name) const;
  // nullptr for names that are not defined; "" is the system resolver.
  const Resolver* Find(const std::string& name) const;

 private:
  std::unique_ptr<Resolver> system_;
  std::map<std::string, std::unique_ptr<Resolver>> named_;
  std::unique_ptr<Resolver> unknown_;
};

}  // namespace lde::dns
