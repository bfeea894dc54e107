#pragma once

// Internal to lde_metrics: every endpoint of a snapshot in one flat table,
// built once per render. About thirty families walk every endpoint; at
// 10,000 targets the results are spread over tens of MiB of heap, so each
// walk that chased result -> endpoints -> host, address, chain -> certs
// anew met a cache miss at every step (in the daemon, rendering was bound
// by memory latency: a scrape took three times as long as rendering as
// much text from a compactly allocated fixture, and perf's top symbol only
// read each endpoint's host and port). The table holds each endpoint's
// label values in one arena and its certificates' facts in one array, in
// snapshot order, so a walk reads them front to back and fetches the
// endpoint reports ahead.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/names.h"
#include "metrics/series_sink.h"
#include "model/probe_result.h"

namespace lde::metrics {

// Appends Endpoint::Name() ("host:port") to `out`, without a temporary.
void AppendEndpointName(const model::Endpoint& endpoint, std::string& out);

class EndpointTable {
 public:
  struct Row {
    // 32-bit offsets: a row is 48 bytes instead of 80, held by every
    // scrape for every endpoint. The arena cannot reach 4 GiB: the config
    // file is at most 4 MiB (budgets.h) and an endpoint adds a few hundred
    // bytes.
    const model::EndpointReport* report;
    std::uint32_t target_begin, target_size;  // in the arena: the result's target
    std::uint32_t name_begin, name_size;      // "host:port"
    std::uint32_t address_begin, address_size;
    std::uint32_t certs_begin, certs_size;  // in the facts array: the presented chain, leaf first
    // Whether each value is written as is (text_format.h WrittenAsIs),
    // checked once here rather than on every line that carries it.
    bool target_verbatim, name_verbatim, address_verbatim;
    // What every walk reads of each report besides its own family's field,
    // copied here: the role and network labels, and whether the report has
    // a chain and a TLS observation (an optional's flag lies past its
    // value, on another cache line than the field read).
    std::uint8_t role_code, network_code;
    bool has_chain, has_tls;

    model::Role role() const { return static_cast<model::Role>(role_code); }
    model::Network network() const { return static_cast<model::Network>(network_code); }
  };

  using Results = std::span<const std::shared_ptr<const model::ProbeResult>>;
  explicit EndpointTable(Results results);

  const std::vector<Row>& rows() const { return rows_; }
  LabelRef Target(const Row& row) const {
    return {label::kTarget, Text(row.target_begin, row.target_size), row.target_verbatim};
  }
  LabelRef Name(const Row& row) const {
    return {label::kEndpoint, Text(row.name_begin, row.name_size), row.name_verbatim};
  }
  LabelRef Address(const Row& row) const {
    return {label::kAddress, Text(row.address_begin, row.address_size), row.address_verbatim};
  }
  const model::PackedCertFacts& Cert(const Row& row, std::size_t position) const {
    return *certs_[row.certs_begin + position];
  }
  // For fetching ahead: the facts at an index of the flat array, if any.
  const model::PackedCertFacts* CertAt(std::size_t index) const {
    return index < certs_.size() ? certs_[index] : nullptr;
  }

 private:
  std::string_view Text(std::size_t begin, std::size_t size) const {
    return std::string_view(arena_).substr(begin, size);
  }
  std::uint32_t Append(std::string_view text);

  static_assert(sizeof(Row) <= 48);
  std::vector<Row> rows_;
  std::string arena_;
  std::vector<const model::PackedCertFacts*> certs_;  // owned by the results the table was built from
};

}  // namespace lde::metrics
