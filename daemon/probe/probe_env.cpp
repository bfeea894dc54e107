#include "probe/probe_env.h"

namespace lde::probe {

StoreList ProbeEnv::Stores(const std::vector<std::string>& names) const {
  StoreList out;
  for (const auto& name : names) {
    auto it = stores.find(name);
    if (it != stores.end()) out.push_back(it->second);
  }
  return out;
}

}  // namespace lde::probe
