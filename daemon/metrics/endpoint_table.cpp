#include "metrics/endpoint_table.h"

#include <charconv>

#include "metrics/text_format.h"

namespace lde::metrics {
namespace {

// ":" and a port's digits (at most 5).
constexpr std::size_t kPortBytes = 6;

using Results = EndpointTable::Results;

// Each pass over the results reads, per result, a chain of links: the
// result, its first endpoint report, that report's host name. In the daemon
// they lie scattered over the heap, so the pass fetches each link ahead,
// the later ones nearer, once the earlier has arrived.
void FetchAhead(Results results, std::size_t i) {
  constexpr std::size_t kResult = 8, kReport = 4, kHost = 2;
  if (i + kResult < results.size()) {
    if (const model::ProbeResult* r = results[i + kResult].get()) {
      __builtin_prefetch(r);
      __builtin_prefetch(&r->endpoints);
    }
  }
  if (i + kReport < results.size()) {
    if (const model::ProbeResult* r = results[i + kReport].get()) __builtin_prefetch(r->endpoints.data());
  }
  if (i + kHost < results.size()) {
    const model::ProbeResult* r = results[i + kHost].get();
    if (r != nullptr && !r->endpoints.empty()) r->endpoints.front().endpoint.host.FetchAhead();
  }
}

}  // namespace

void AppendEndpointName(const model::Endpoint& endpoint, std::string& out) {
  char port[8];
  const auto end = std::to_chars(port, port + sizeof port, endpoint.port).ptr;
  out.append(endpoint.host).append(1, ':').append(port, end);
}

EndpointTable::EndpointTable(Results results) {
  // Sized exactly (the arena to a port's digits) before anything is
  // copied: growing by doubling would hold the old and new arrays at once,
  // and the table is held for the whole scrape.
  std::size_t endpoints = 0, certs = 0, arena_bytes = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    FetchAhead(results, i);
    const auto& result = results[i];
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
  for (std::size_t i = 0; i < results.size(); ++i) {
    FetchAhead(results, i);
    const auto& result = results[i];
    if (!result || result->endpoints.empty()) continue;
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
      row.role_code = static_cast<std::uint8_t>(e.role);
      row.network_code = static_cast<std::uint8_t>(e.network);
      row.has_chain = e.chain.has_value();
      row.has_tls = e.tls.has_value();
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
