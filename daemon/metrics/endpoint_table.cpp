#include "metrics/endpoint_table.h"

#include <charconv>

#include "metrics/text_format.h"

namespace lde::metrics {
namespace {

// ":" and a port's digits (at most 5).
constexpr std::size_t kPortBytes = 6;

}  // namespace

void AppendEndpointName(const model::Endpoint& endpoint, std::string& out) {
  char port[8];
  const auto end = std::to_chars(port, port + sizeof port, endpoint.port).ptr;
  out.append(endpoint.host).append(1, ':').append(port, end);
}

EndpointTable::EndpointTable(const std::vector<std::shared_ptr<const model::ProbeResult>>& results) {
  // Sized exactly (the arena to a port's digits) before anything is
  // copied: growing by doubling would hold the old and new arrays at once,
  // and the table is held for the whole scrape.
  std::size_t endpoints = 0, certs = 0, arena_bytes = 0;
  for (const auto& result : results) {
    if (!result || result->endpoints.empty()) continue;
    endpoints += result->endpoints.size();
    arena_bytes += result->target.size();
    for (const model::EndpointReport& e : result->endpoints) {
      arena_bytes += e.endpoint.host.size() + kPortBytes + e.endpoint.address.size();
      certs += e.chain ? e.chain->certs.size() : 0;
    }
  }
  rows_.reserve(endpoints);
  certs_.reserve(certs);
  arena_.reserve(arena_bytes);
  for (const auto& result : results) {
    if (!result) continue;
    if (result->endpoints.empty()) continue;
    const std::uint32_t target_begin = Append(result->target);
    const bool target_verbatim = WrittenAsIs(result->target);
    for (const model::EndpointReport& e : result->endpoints) {
      Row row{};
      row.report = &e;
      row.target_begin = target_begin;
      row.target_size = static_cast<std::uint32_t>(result->target.size());
      row.target_verbatim = target_verbatim;
      row.name_begin = static_cast<std::uint32_t>(arena_.size());
      AppendEndpointName(e.endpoint, arena_);
      row.name_size = static_cast<std::uint32_t>(arena_.size() - row.name_begin);
      row.name_verbatim = WrittenAsIs(Text(row.name_begin, row.name_size));
      row.address_begin = Append(e.endpoint.address);
      row.address_size = static_cast<std::uint32_t>(e.endpoint.address.size());
      row.address_verbatim = WrittenAsIs(e.endpoint.address);
      row.certs_begin = static_cast<std::uint32_t>(certs_.size());
      if (e.chain) {
        for (const model::CertRef& cert : e.chain->certs) certs_.push_back(&*cert);
      }
      row.certs_size = static_cast<std::uint32_t>(certs_.size() - row.certs_begin);
      rows_.push_back(row);
    }
  }
}

std::uint32_t EndpointTable::Append(std::string_view text) {
  const auto begin = static_cast<std::uint32_t>(arena_.size());
  arena_.append(text);
  return begin;
}

}  // namespace lde::metrics
