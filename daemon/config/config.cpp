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

const TrustStoreConfig* Config::FindTrustStore(const std::string& name) const {
  return FindByName(trust_stores, name);
}
const ResolverConfig* Config::FindResolver(const std::string& name) const {
  return FindByName(resolvers, name);
}
const ProfileConfig* Config::FindProfile(const std::string& name) const { return FindByName(profiles, name); }

}  // namespace lde::config
