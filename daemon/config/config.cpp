#include "config/config.h"

namespace lde::config {
namespace {
template <typename T>
const T* FindByName(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}
}  // namespace

PolicyConfig BuiltInDefaultPolicy() {
  PolicyConfig policy;
  policy.name = std::string(kDefaultPolicyName);
  policy.reject_sha1 = true;
  policy.min_rsa_bits = 2048;
  policy.min_ec_bits = 256;
  policy.reject_dsa = true;
  return policy;
}

const TrustStoreConfig* Config::FindTrustStore(const std::string& name) const {
  return FindByName(trust_stores, name);
}
const ResolverConfig* Config::FindResolver(const std::string& name) const {
  return FindByName(resolvers, name);
}
const ProfileConfig* Config::FindProfile(const std::string& name) const { return FindByName(profiles, name); }

std::optional<PolicyConfig> Config::FindPolicy(const std::string& name) const {
  if (const PolicyConfig* declared = FindByName(policies, name)) return *declared;
  if (name == kDefaultPolicyName) return BuiltInDefaultPolicy();
  if (name == kNoPolicyName) return PolicyConfig{.name = std::string(kNoPolicyName)};
  return std::nullopt;
}

}  // namespace lde::config
