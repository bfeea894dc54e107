// lyncdiscover_cert_consistent: whether every node behind a host presented
// the same leaf, per target, host and role.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "metrics/render.h"
#include "support/metrics_text/metrics_text.h"

namespace lde::metrics {
namespace {

model::EndpointReport Node(const std::string& host, const std::string& address, model::Role role,
                           const std::string& leaf_sha256) {
  model::EndpointReport e;
  e.role = role;
  e.endpoint = model::Endpoint{host, address, 443};
  if (!leaf_sha256.empty()) {
    e.chain = model::ChainReport{};
    model::CertFacts leaf;
    leaf.sha256_hex = leaf_sha256;
    e.chain->certs.push_back(leaf);
  }
  return e;
}

TEST(RenderNodesTest, ConsistentWhenEveryNodeOfAHostPresentsOneLeaf) {
  auto result = std::make_shared<model::ProbeResult>();
  result->target = "contoso";
  result->kind = "lync";
  const auto fe = model::Role::kDiscoveryInternal;
  const auto proxy = model::Role::kDiscoveryExternal;
  result->endpoints = {
      Node("lyncdiscoverinternal.contoso.test", "10.0.0.1", fe, "aa"),
      Node("lyncdiscoverinternal.contoso.test", "10.0.0.2", fe, "bb"),  // rotated on one node only
      Node("lyncdiscover.contoso.test", "192.0.2.1", proxy, "cc"),
      Node("lyncdiscover.contoso.test", "192.0.2.2", proxy, "cc"),
      Node("lyncdiscover.contoso.test", "192.0.2.3", proxy, ""),  // no handshake: not compared
      Node("dead.contoso.test", "192.0.2.9", proxy, ""),          // no leaf at all: no series
  };
  results::ResultStore::Snapshot snap;
  snap.results.push_back(result);
  const std::string text = RenderText(snap, {});

  EXPECT_EQ(testsupport::FindSample(text, "lyncdiscover_cert_consistent",
                                    {{"target", "contoso"},
                                     {"host", "lyncdiscoverinternal.contoso.test"},
                                     {"role", "discovery_internal"}}),
            0);
  EXPECT_EQ(
      testsupport::FindSample(
          text, "lyncdiscover_cert_consistent",
          {{"target", "contoso"}, {"host", "lyncdiscover.contoso.test"}, {"role", "discovery_external"}}),
      1);
  EXPECT_EQ(testsupport::CountSeries(text, "lyncdiscover_cert_consistent"), 2u);
}

}  // namespace
}  // namespace lde::metrics
