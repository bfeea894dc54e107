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

// How many rows ahead a walk of the endpoint table fetches the reports (and
// certificate facts) it is about to read: enough to cover a miss's latency
// with the work of the rows in between. What a fetched object points to is
// fetched half as far ahead, when the object itself has arrived.
inline constexpr std::size_t kFetchAhead = 8;
inline constexpr std::size_t kFetchPointeesAhead = kFetchAhead / 2;

// How many rows ahead a walk fetches the third link of a chain of pointers
// (a result, its DNS outcomes, the host name they hold).
inline constexpr std::size_t kFetchThirdAhead = kFetchPointeesAhead / 2;

// fn(const model::ProbeResult&) for every result, in snapshot order; null
// entries are skipped. In the daemon the results lie scattered over the
// heap, so the walk fetches them ahead: the first two cache lines of each
// (the target and kind, then start, duration, success and the vectors'
// pointers) and the target's name. With kDns, also what the DNS families
// read: each result's first DNS outcome and the host name it holds (the
// resolver's name is one for all, and stays cached).
template <bool kDns = false, typename Fn>
void ForEachResult(const Snapshot& snap, Fn&& fn) {
  const auto& results = snap.results;
  const std::size_t n = results.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kFetchAhead < n) {
      if (const model::ProbeResult* ahead = results[i + kFetchAhead].get()) {
        __builtin_prefetch(ahead);
        __builtin_prefetch(&ahead->started);
      }
    }
    if (i + kFetchPointeesAhead < n) {
      if (const model::ProbeResult* ahead = results[i + kFetchPointeesAhead].get()) {
        __builtin_prefetch(ahead->target.data());
        if constexpr (kDns) __builtin_prefetch(ahead->dns.data());
      }
    }
    if constexpr (kDns) {
      if (i + kFetchThirdAhead < n) {
        const model::ProbeResult* ahead = results[i + kFetchThirdAhead].get();
        if (ahead != nullptr && !ahead->dns.empty()) ahead->dns.front().host.FetchAhead();
      }
    }
    if (results[i]) fn(*results[i]);
  }
}

// The labels of one row of the endpoint table. Role and network names are
// the vocabulary's own, written as is (text_format_test.cpp checks them).
inline EndpointLabels RowLabels(const EndpointTable& table, const EndpointTable::Row& row) {
  return {{table.Target(row),
           table.Name(row),
           table.Address(row),
           {label::kRole, model::RoleName(row.role()), true},
           {label::kNetwork, model::NetworkName(row.network()), true}}};
}

// What a walk of the endpoint table fetches ahead for its family. A report
// is 416 bytes (seven cache lines) and in the daemon every one lies apart
// from the others, so a walk meets a miss on whichever line its family
// reads unless that line was asked for rows before. A fetch policy is a
// type with two static functions of a row: `line`, the address of the field
// the family reads (fetched kFetchAhead rows ahead), and `pointee`, what
// that field points to (fetched kFetchPointeesAhead rows ahead, once the
// line is there). Either returns null for nothing to fetch. The labels come
// from the row itself.
struct NoPointee {
  static const void* pointee(const EndpointTable::Row&) { return nullptr; }
};

// A member of the row's endpoint report.
template <auto kMember>
struct FetchReportField : NoPointee {
  static const void* line(const EndpointTable::Row& row) { return &(row.report->*kMember); }
};

// A member of the row's chain report, if it has one.
template <auto kMember>
struct FetchChainField : NoPointee {
  static const void* line(const EndpointTable::Row& row) {
    return row.has_chain ? &((*row.report->chain).*kMember) : nullptr;
  }
};

// fn(const EndpointTable::Row&) for every row, fetching ahead what Fetch
// names.
template <typename Fetch, typename Fn>
void ForEachRow(const Snapshot& snap, Fn&& fn) {
  const auto& rows = snap.endpoints().rows();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + kFetchAhead < rows.size()) {
      if (const void* line = Fetch::line(rows[i + kFetchAhead])) __builtin_prefetch(line);
    }
    if (i + kFetchPointeesAhead < rows.size()) {
      if (const void* pointee = Fetch::pointee(rows[i + kFetchPointeesAhead])) __builtin_prefetch(pointee);
    }
    fn(rows[i]);
  }
}

// fn(const EndpointLabels&, const model::EndpointReport&) for every endpoint
// of every result, from the snapshot's endpoint table: the same endpoints
// in the same order.
template <typename Fetch, typename Fn>
void ForEachEndpoint(const Snapshot& snap, Fn&& fn) {
  ForEachRow<Fetch>(
      snap, [&](const EndpointTable::Row& row) { fn(RowLabels(snap.endpoints(), row), *row.report); });
}

// fn(const EndpointLabels&, const model::ChainReport&) for every endpoint
// that has a chain report.
template <typename Fetch, typename Fn>
void ForEachChain(const Snapshot& snap, Fn&& fn) {
  ForEachRow<Fetch>(snap, [&](const EndpointTable::Row& row) {
    if (row.has_chain) fn(RowLabels(snap.endpoints(), row), *row.report->chain);
  });
}

// fn(const EndpointLabels&, const model::EndpointReport&) for every
// endpoint of every result, read from the results themselves rather than
// the endpoint table: the same labels in the same order, for the families
// that change with every probe. A scrape cache renders those whole on every
// scrape and keeps the rest (scrape/gzip_scrape_cache.h), so with them off
// the table a cached scrape never builds the table of the whole snapshot.
template <typename Fn>
void ForEachResultEndpoint(const Snapshot& snap, Fn&& fn) {
  std::string name;  // "host:port" of the endpoint at hand
  const auto& results = snap.results;
  const std::size_t n = results.size();
  for (std::size_t i = 0; i < n; ++i) {
    // As the endpoint table's build does: each result's endpoints, then
    // their host names, asked for before the walk reaches them.
    if (i + kFetchAhead < n) {
      if (const model::ProbeResult* ahead = results[i + kFetchAhead].get()) __builtin_prefetch(ahead);
    }
    if (i + kFetchPointeesAhead < n) {
      if (const model::ProbeResult* ahead = results[i + kFetchPointeesAhead].get()) {
        __builtin_prefetch(ahead->target.data());
        __builtin_prefetch(ahead->endpoints.data());
      }
    }
    if (i + kFetchThirdAhead < n) {
      if (const model::ProbeResult* ahead = results[i + kFetchThirdAhead].get()) {
        for (const model::EndpointReport& e : ahead->endpoints) e.endpoint.host.FetchAhead();
      }
    }
    const model::ProbeResult* r = results[i].get();
    if (r == nullptr) continue;
    for (const model::EndpointReport& e : r->endpoints) {
      name.clear();
      AppendEndpointName(e.endpoint, name);
      const EndpointLabels labels{{{label::kTarget, r->target},
                                   {label::kEndpoint, name},
                                   {label::kAddress, e.endpoint.address},
                                   {label::kRole, model::RoleName(e.role), true},
                                   {label::kNetwork, model::NetworkName(e.network), true}}};
      fn(labels, e);
    }
  }
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
