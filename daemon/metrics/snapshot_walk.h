#pragma once

// Internal to lde_metrics: the loops every family emitter shares, with the
// label sets of names.h built once per visited element.

#include <array>
#include <string>

#include "metrics/names.h"
#include "metrics/render_parts.h"
#include "metrics/series_sink.h"
#include "model/probe_result.h"

namespace lde::metrics {

// {target, endpoint, address, role, network}: every endpoint-level series.
using EndpointLabels = std::array<LabelRef, 5>;
// {target, network}: every Lync network series.
using NetworkLabels = std::array<LabelRef, 2>;

// Endpoint::Name() ("host:port") written into `out`, reusing its capacity.
inline void AssignEndpointName(const model::Endpoint& endpoint, std::string& out) {
  out.clear();
  AppendEndpointName(endpoint, out);
}

// How many rows ahead a walk of the endpoint table fetches the reports (and
// certificate facts) it is about to read: enough to cover a miss's latency
// with the work of the rows in between. What a fetched object points to is
// fetched half as far ahead, when the object itself has arrived.
inline constexpr std::size_t kFetchAhead = 8;
inline constexpr std::size_t kFetchPointeesAhead = kFetchAhead / 2;

// fn(const model::ProbeResult&) for every result, in snapshot order; null
// entries are skipped. In the daemon the results lie scattered over the
// heap, so the walk fetches them ahead, and their target names and DNS
// outcomes (every per-target family reads the one, three the other).
template <typename Fn>
void ForEachResult(const Snapshot& snap, Fn&& fn) {
  const auto& results = snap.results;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (i + kFetchAhead < results.size()) __builtin_prefetch(results[i + kFetchAhead].get());
    if (i + kFetchPointeesAhead < results.size()) {
      if (const model::ProbeResult* ahead = results[i + kFetchPointeesAhead].get()) {
        __builtin_prefetch(ahead->target.data());
        __builtin_prefetch(ahead->dns.data());
      }
    }
    if (results[i]) fn(*results[i]);
  }
}

// fn(const EndpointLabels&, const model::EndpointReport&) for every endpoint
// of `r`, in order. `name` is scratch space for the endpoint label, reused so
// that a walk over every endpoint does not allocate per endpoint.
template <typename Fn>
void ForEachEndpoint(const model::ProbeResult& r, std::string& name, Fn&& fn) {
  for (const model::EndpointReport& e : r.endpoints) {
    AssignEndpointName(e.endpoint, name);
    const EndpointLabels labels{{{label::kTarget, r.target},
                                 {label::kEndpoint, name},
                                 {label::kAddress, e.endpoint.address},
                                 {label::kRole, model::RoleName(e.role)},
                                 {label::kNetwork, model::NetworkName(e.network)}}};
    fn(labels, e);
  }
}

// The labels of one row of the endpoint table. Role and network names are
// the vocabulary's own, written as is (text_format_test.cpp checks them).
inline EndpointLabels RowLabels(const EndpointTable& table, const EndpointTable::Row& row) {
  return {{table.Target(row),
           table.Name(row),
           table.Address(row),
           {label::kRole, model::RoleName(row.report->role), true},
           {label::kNetwork, model::NetworkName(row.report->network), true}}};
}

// The same for every endpoint of every result, from the snapshot's endpoint
// table: the same endpoints in the same order.
template <typename Fn>
void ForEachEndpoint(const Snapshot& snap, Fn&& fn) {
  const auto& rows = snap.endpoints.rows();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + kFetchAhead < rows.size()) {
      const model::EndpointReport* ahead = rows[i + kFetchAhead].report;
      __builtin_prefetch(ahead);
      __builtin_prefetch(&ahead->chain);
    }
    if (i + kFetchPointeesAhead < rows.size()) {
      const model::EndpointReport* ahead = rows[i + kFetchPointeesAhead].report;
      if (ahead->chain) __builtin_prefetch(ahead->chain->trust.data());  // one verdict per store
    }
    fn(RowLabels(snap.endpoints, rows[i]), *rows[i].report);
  }
}

// fn(const EndpointLabels&, const model::ChainReport&) for every endpoint
// that has a chain report.
template <typename Fn>
void ForEachChain(const Snapshot& snap, Fn&& fn) {
  ForEachEndpoint(snap, [&](const EndpointLabels& labels, const model::EndpointReport& e) {
    if (e.chain) fn(labels, *e.chain);
  });
}

// fn(const NetworkLabels&, const model::NetworkReport&) for every Lync network.
template <typename Fn>
void ForEachNetwork(const Snapshot& snap, Fn&& fn) {
  ForEachResult(snap, [&](const model::ProbeResult& r) {
    for (const model::NetworkReport& n : r.networks) {
      const NetworkLabels labels{
          {{label::kTarget, r.target}, {label::kNetwork, model::NetworkName(n.network)}}};
      fn(labels, n);
    }
  });
}

}  // namespace lde::metrics
