// CarryLeafSince: the time a leaf was first seen at an endpoint survives
// runs that present the same leaf and moves when it is rotated.
#include "results/leaf_history.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace lde::results {
namespace {

using std::chrono::minutes;

const SysTime kT0 = SysTime{} + std::chrono::hours(24 * 365 * 55);

model::EndpointReport At(const std::string& address, const std::string& leaf) {
  model::EndpointReport e;
  e.role = model::Role::kDiscoveryInternal;
  e.network = model::Network::kInternal;
  e.endpoint = model::Endpoint{"lyncdiscoverinternal.contoso.test", address, 443};
  if (!leaf.empty()) {
    e.chain = model::ChainReport{};
    e.chain->certs.emplace_back();
    e.chain->certs.back().Edit([&](model::CertFacts& f) { f.sha256_hex = leaf; });
  }
  return e;
}

model::ProbeResult ProbeRun(SysTime started, std::vector<model::EndpointReport> endpoints) {
  model::ProbeResult r;
  r.target = "contoso";
  r.started = started;
  r.endpoints = std::move(endpoints);
  return r;
}

TEST(LeafHistoryTest, FirstRunStartsEveryLeafAtItsStart) {
  auto first = ProbeRun(kT0, {At("10.0.0.1", "aa"), At("10.0.0.2", "")});
  CarryLeafSince(nullptr, first);
  EXPECT_EQ(first.endpoints[0].leaf_since, kT0);
  EXPECT_EQ(first.endpoints[1].leaf_since, std::nullopt);  // no handshake, no leaf
}

TEST(LeafHistoryTest, TheSameLeafKeepsItsTimeAndARotationMovesIt) {
  auto first = ProbeRun(kT0, {At("10.0.0.1", "aa"), At("10.0.0.2", "aa")});
  CarryLeafSince(nullptr, first);
  auto second = ProbeRun(kT0 + minutes(1), {At("10.0.0.1", "aa"), At("10.0.0.2", "bb")});
  CarryLeafSince(&first, second);
  EXPECT_EQ(second.endpoints[0].leaf_since, kT0);
  EXPECT_EQ(second.endpoints[1].leaf_since, kT0 + minutes(1));  // rotated on this node
  auto third = ProbeRun(kT0 + minutes(2), {At("10.0.0.1", "aa"), At("10.0.0.2", "bb")});
  CarryLeafSince(&second, third);
  EXPECT_EQ(third.endpoints[1].leaf_since, kT0 + minutes(1));
}

TEST(LeafHistoryTest, AnEndpointMissingFromOneRunStartsAgain) {
  auto first = ProbeRun(kT0, {At("10.0.0.1", "aa")});
  CarryLeafSince(nullptr, first);
  auto gap = ProbeRun(kT0 + minutes(1), {At("10.0.0.1", "")});  // handshake failed once
  CarryLeafSince(&first, gap);
  auto back = ProbeRun(kT0 + minutes(2), {At("10.0.0.1", "aa")});
  CarryLeafSince(&gap, back);
  EXPECT_EQ(back.endpoints[0].leaf_since, kT0 + minutes(2));
  // Another address is another endpoint, even with the same leaf.
  auto moved = ProbeRun(kT0 + minutes(3), {At("10.0.0.9", "aa")});
  CarryLeafSince(&back, moved);
  EXPECT_EQ(moved.endpoints[0].leaf_since, kT0 + minutes(3));
}

}  // namespace
}  // namespace lde::results
