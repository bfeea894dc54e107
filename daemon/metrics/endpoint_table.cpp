#include "metrics/endpoint_table.h"

#include <charconv>

namespace lde::metrics {
namespace {

// For reserving: a leaf and an intermediate; target, "host:port" and address.
constexpr std::size_t kTypicalChain = 2;
constexpr std::size_t kTypicalLabelBytes = 64;

}  // namespace

EndpointTable::EndpointTable(const std::vector<std::shared_ptr<const model::ProbeResult>>& results) {
  // Sized once: growing by doubling would hold the old and new arrays at once.
  std::size_t endpoints = 0;
  for (const auto& result : results) endpoints += result ? result->endpoints.size() : 0;
  rows_.reserve(endpoints);
  certs_.reserve(endpoints * kTypicalChain);
  arena_.reserve(endpoints * kTypicalLabelBytes);
  for (const auto& result : results) {
    if (!result) continue;
    if (result->endpoints.empty()) continue;
    const std::size_t target_begin = Append(result->target);
    for (const model::EndpointReport& e : result->endpoints) {
      Row row{};
      row.report = &e;
      row.target_begin = target_begin;
      row.target_size = result->target.size();
      char port[8];
      const auto port_end = std::to_chars(port, port + sizeof port, e.endpoint.port).ptr;
      row.name_begin = Append(e.endpoint.host);
      arena_.push_back(':');
      arena_.append(port, port_end);
      row.name_size = arena_.size() - row.name_begin;
      row.address_begin = Append(e.endpoint.address);
      row.address_size = e.endpoint.address.size();
      row.certs_begin = certs_.size();
      if (e.chain) {
        for (const model::CertRef& cert : e.chain->certs) certs_.push_back(&*cert);
      }
      row.certs_size = certs_.size() - row.certs_begin;
      rows_.push_back(row);
    }
  }
}

std::size_t EndpointTable::Append(std::string_view text) {
  const std::size_t begin = arena_.size();
  arena_.append(text);
  return begin;
}

}  // namespace lde::metrics
