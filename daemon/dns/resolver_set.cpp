#include "dns/resolver_set.h"

namespace lde::dns {
namespace {

// Stands in for a view name that is not configured, so a wiring mistake
// becomes a failed probe with a clear reason instead of a crash.
class UnknownResolver final : public Resolver {
 public:
  Result<std::vector<std::string>> Resolve(const std::string& host,
                                           const Deadline& /*deadline*/) const override {
    return MakeError(ErrorKind::kConfig, host + ": the resolver view is not configured");
  }
  const std::string& name() const override { return name_; }

 private:
  const std::string name_ = "unknown";
};

}  // namespace

ResolverSet ResolverSet::FromConfig(const config::Config& config) {
  std::vector<std::unique_ptr<Resolver>> named;
  for (const auto& view : config.resolvers) {
    named.push_back(MakeServerResolver(view.name, view.servers));
  }
  return ResolverSet(MakeSystemResolver(), std::move(named));
}

ResolverSet::ResolverSet(std::unique_ptr<Resolver> system, std::vector<std::unique_ptr<Resolver>> named)
    : system_(std::move(system)), unknown_(std::make_unique<UnknownResolver>()) {
  for (auto& resolver : named) {
    std::string name = resolver->name();
    named_.emplace(std::move(name), std::move(resolver));  // first one wins
  }
}

ResolverSet::ResolverSet(ResolverSet&&) noexcept = default;
ResolverSet& ResolverSet::operator=(ResolverSet&&) noexcept = default;
ResolverSet::~ResolverSet() = default;

const Resolver* ResolverSet::Find(const std::string& name) const {
  if (name.empty()) return system_.get();
  auto it = named_.find(name);
  return it == named_.end() ? nullptr : it->second.get();
}

const Resolver& ResolverSet::Get(const std::string& name) const {
  const Resolver* resolver = Find(name);
  return resolver ? *resolver : *unknown_;
}

}  // namespace lde::dns
