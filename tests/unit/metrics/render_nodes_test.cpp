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

// The walk groups each target's endpoints on its own, however many targets
// follow one another (and whatever lies between them), and a leaf whose
// facts two nodes share counts as one certificate.
TEST(RenderNodesTest, EachTargetIsJudgedOnItsOwn) {
  const auto proxy = model::Role::kDiscoveryExternal;
  auto a = std::make_shared<model::ProbeResult>();
  a->target = "a";
  a->endpoints = {Node("h.a.test", "192.0.2.1", proxy, "aa"), Node("h.a.test", "192.0.2.2", proxy, "bb")};
  auto none = std::make_shared<model::ProbeResult>();
  none->target = "none";  // DNS failed: no endpoint at all
  auto shared = std::make_shared<model::ProbeResult>();
  shared->target = "shared";
  shared->endpoints = {Node("h.shared.test", "192.0.2.3", proxy, "cc"),
                       Node("h.shared.test", "192.0.2.4", proxy, "")};
  shared->endpoints[1].chain = shared->endpoints[0].chain;  // the same facts, held once
  ASSERT_TRUE(shared->endpoints[1].chain->certs[0].SharesWith(shared->endpoints[0].chain->certs[0]));
  auto b = std::make_shared<model::ProbeResult>();
  b->target = "b";
  b->endpoints = {Node("h.b.test", "192.0.2.5", proxy, "aa")};  // a's first leaf, another target
  results::ResultStore::Snapshot snap;
  snap.results = {a, none, nullptr, shared, b};
  const std::string text = RenderText(snap, {});

  auto consistent = [&](const std::string& target, const std::string& host) {
    return testsupport::FindSample(text, "lyncdiscover_cert_consistent",
                                   {{"target", target}, {"host", host}, {"role", "discovery_external"}});
  };
  EXPECT_EQ(consistent("a", "h.a.test"), 0);
  EXPECT_EQ(consistent("shared", "h.shared.test"), 1);
  EXPECT_EQ(consistent("b", "h.b.test"), 1);
  EXPECT_EQ(testsupport::CountSeries(text, "lyncdiscover_cert_consistent"), 3u);
}

}  // namespace
}  // namespace lde::metrics
