#include "metrics/endpoint_table.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <vector>

#include "metrics/text_format.h"
#include "sample_results.h"

namespace lde::metrics {
namespace {

// Every endpoint of every result, in snapshot order, each with its
// result's target, "host:port", address and presented chain, leaf first.
TEST(EndpointTableTest, HoldsEveryEndpointInSnapshotOrder) {
  const auto snap = testdata::HostileSnapshot();
  const EndpointTable table(snap.results);
  std::size_t row = 0;
  for (const auto& result : snap.results) {
    if (!result) continue;
    for (const model::EndpointReport& e : result->endpoints) {
      ASSERT_LT(row, table.rows().size());
      const EndpointTable::Row& r = table.rows()[row++];
      EXPECT_EQ(r.report, &e);
      EXPECT_EQ(table.Target(r).value, result->target);
      EXPECT_EQ(table.Target(r).name, label::kTarget);
      EXPECT_EQ(table.Name(r).value, e.endpoint.Name());
      EXPECT_EQ(table.Name(r).name, label::kEndpoint);
      EXPECT_EQ(table.Address(r).value, e.endpoint.address);
      EXPECT_EQ(table.Address(r).name, label::kAddress);
      const std::size_t certs = e.chain ? e.chain->certs.size() : 0;
      ASSERT_EQ(r.certs_size, certs);
      for (std::size_t i = 0; i < certs; ++i) EXPECT_EQ(&table.Cert(r, i), &*e.chain->certs[i]);
    }
  }
  EXPECT_EQ(row, table.rows().size());
  EXPECT_GT(row, 16u);  // the hostile target's 16 endpoints and contoso's
}

// Each row carries its report's role, network and whether it has a chain
// and a TLS observation (what every walk reads besides its family's field),
// for every role and network, and endpoints with and without a handshake.
TEST(EndpointTableTest, CarriesEachReportsRoleNetworkAndWhatItHolds) {
  // The sample snapshots' endpoints, given every role and network in turn.
  std::vector<std::shared_ptr<const model::ProbeResult>> results;
  std::size_t n = 0;
  auto samples = testdata::FullSnapshot().results;
  for (const auto& result : testdata::HostileSnapshot().results) samples.push_back(result);
  for (const auto& result : samples) {
    if (!result) continue;
    auto copy = std::make_shared<model::ProbeResult>(*result);
    for (model::EndpointReport& e : copy->endpoints) {
      e.role = model::kAllRoles[n % model::kAllRoles.size()];
      e.network = model::kAllNetworks[n++ % model::kAllNetworks.size()];
    }
    results.push_back(std::move(copy));
  }
  const EndpointTable table(results);
  std::set<model::Role> roles;
  std::set<model::Network> networks;
  std::size_t with_chain = 0, without_tls = 0;
  for (const EndpointTable::Row& r : table.rows()) {
    EXPECT_EQ(r.role(), r.report->role);
    EXPECT_EQ(r.network(), r.report->network);
    EXPECT_EQ(r.has_chain, r.report->chain.has_value());
    EXPECT_EQ(r.has_tls, r.report->tls.has_value());
    roles.insert(r.role());
    networks.insert(r.network());
    with_chain += r.has_chain ? 1 : 0;
    without_tls += r.has_tls ? 0 : 1;
  }
  EXPECT_EQ(roles.size(), model::kAllRoles.size());
  EXPECT_EQ(networks.size(), model::kAllNetworks.size());
  EXPECT_GT(with_chain, 0u);
  EXPECT_GT(without_tls, 0u);
}

// Null results and results without endpoints (a DNS failure) leave no row;
// an endpoint without a chain has a row without certificates.
TEST(EndpointTableTest, SkipsNullResultsAndResultsWithoutEndpoints) {
  auto snap = testdata::FullSnapshot();
  snap.results.insert(snap.results.begin(), nullptr);
  const EndpointTable table(snap.results);
  std::size_t endpoints = 0, without_chain = 0;
  for (const auto& result : snap.results) {
    if (!result) continue;
    endpoints += result->endpoints.size();
    for (const auto& e : result->endpoints) without_chain += e.chain ? 0 : 1;
  }
  ASSERT_EQ(table.rows().size(), endpoints);
  ASSERT_GT(without_chain, 0u);  // contoso's web_external failed to connect
  std::size_t rows_without_certs = 0;
  for (const auto& r : table.rows()) {
    EXPECT_NE(table.Target(r).value, "broken");  // failed at DNS: no endpoint
    rows_without_certs += r.certs_size == 0 ? 1 : 0;
  }
  EXPECT_EQ(rows_without_certs, without_chain);
  EXPECT_EQ(table.CertAt(1'000'000), nullptr);
}

// A value is marked verbatim exactly when the text writer would write it
// unchanged; the hostile target's values (quotes, controls, ill-formed
// UTF-8, overlong names) are not, so the writer still bounds and escapes them.
TEST(EndpointTableTest, MarksVerbatimExactlyTheValuesWrittenAsIs) {
  const auto snap = testdata::HostileSnapshot();
  const EndpointTable table(snap.results);
  std::size_t verbatim = 0, checked = 0;
  for (const auto& r : table.rows()) {
    for (const LabelRef& label : {table.Target(r), table.Name(r), table.Address(r)}) {
      EXPECT_EQ(label.verbatim, WrittenAsIs(label.value)) << label.name << "=" << label.value;
      verbatim += label.verbatim ? 1 : 0;
      ++checked;
    }
  }
  EXPECT_GT(verbatim, 0u);
  EXPECT_LT(verbatim, checked);
}

TEST(EndpointTableTest, EmptySnapshotHasNoRows) {
  const EndpointTable table(std::vector<std::shared_ptr<const model::ProbeResult>>{});
  EXPECT_TRUE(table.rows().empty());
  EXPECT_EQ(table.CertAt(0), nullptr);
}

}  // namespace
}  // namespace lde::metrics
