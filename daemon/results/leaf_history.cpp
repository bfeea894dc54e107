#include "results/leaf_history.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace lde::results {
namespace {

bool SameEndpoint(const model::EndpointReport& a, const model::EndpointReport& b) {
  return a.role == b.role && a.network == b.network && a.endpoint.host == b.endpoint.host &&
         a.endpoint.port == b.endpoint.port && a.endpoint.address == b.endpoint.address;
}

std::optional<std::string_view> Leaf(const model::EndpointReport& e) {
  if (!e.chain || e.chain->certs.empty()) return std::nullopt;
  return e.chain->certs.front()->sha256_hex();
}

}  // namespace

void CarryLeafSince(const model::ProbeResult* previous, model::ProbeResult& next) {
  for (auto& endpoint : next.endpoints) {
    const std::optional<std::string_view> leaf = Leaf(endpoint);
    if (!leaf) {
      endpoint.leaf_since.reset();
      continue;
    }
    endpoint.leaf_since = next.started;
    if (previous == nullptr) continue;
    auto before = std::find_if(previous->endpoints.begin(), previous->endpoints.end(),
                               [&](const model::EndpointReport& e) { return SameEndpoint(e, endpoint); });
    if (before == previous->endpoints.end() || !before->leaf_since) continue;
    if (Leaf(*before) == leaf) endpoint.leaf_since = before->leaf_since;
  }
}

}  // namespace lde::results
