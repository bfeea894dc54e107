#include "results/held_result.h"

#include <gtest/gtest.h>

namespace lde::results {
namespace {

model::ProbeResult WithBytes() {
  model::ProbeResult r;
  r.target = "t";
  model::EndpointReport e;
  e.endpoint = {"h.example", "192.0.2.1", 443};
  e.tls = model::TlsObservation{};
  e.tls->protocol = "TLSv1.3";
  e.tls->presented_chain = {model::Der(900, 1), model::Der(1100, 2)};
  e.tls->chain_truncated = true;
  e.tls->ocsp_staple = model::Der(500, 3);
  e.http = model::HttpObservation{};
  e.http->status = 200;
  e.http->reason = "OK";
  e.http->headers = {{"Content-Type", "application/json"}};
  e.http->body = std::string(4000, 'x');
  e.http->body_truncated = true;
  e.chain = model::ChainReport{};
  e.chain->hostname_match = true;
  model::CrlReport good;
  good.status = model::CrlStatus::kGood;
  good.url = "http://pki.example/issuing.crl";
  e.chain->crl = {good, model::CrlReport{}};
  e.chain->ocsp = {model::OcspReport{}, model::OcspReport{}};
  r.endpoints = {e, e};
  r.log = {"line"};
  return r;
}

TEST(HeldResultTest, DropsTheBytesNothingServesAndKeepsTheRest) {
  model::ProbeResult r = WithBytes();
  DropUnservedBytes(r);
  model::ProbeResult expected = WithBytes();
  for (auto& e : expected.endpoints) {
    e.tls->presented_chain.clear();
    e.tls->ocsp_staple.reset();
    e.http->body.clear();
    e.http->headers.clear();
  }
  EXPECT_EQ(r, expected);  // flags, status, reason, chain report and log as they were
  for (const auto& e : r.endpoints) {
    // The revocation reports that say nothing are no longer stored, and
    // every position reads as before (the comparison above).
    EXPECT_EQ(e.chain->crl.stored(), 1u);
    EXPECT_EQ(e.chain->ocsp.stored(), 0u);
    EXPECT_EQ(e.chain->crl.size(), 2u);
    EXPECT_EQ(e.tls->presented_chain.capacity(), 0u);
    EXPECT_EQ(e.http->body.capacity(), std::string().capacity());
  }
}

// Grows `values` by push_back to `n` items, as the probes fill their lists,
// which leaves room beyond them.
template <typename T>
void Grow(std::vector<T>& values, std::size_t n, const T& value) {
  for (std::size_t i = 0; i < n; ++i) values.push_back(value);
}

TEST(HeldResultTest, ListsKeepOnlyWhatTheyHold) {
  // A copy of a vector has no room beyond its items: every list is grown
  // where it lies.
  model::ProbeResult r = WithBytes();
  r.endpoints.clear();
  Grow(r.endpoints, 5, WithBytes().endpoints[0]);
  for (auto& e : r.endpoints) {
    Grow(e.chain->certs, 3, model::CertRef{});
    Grow(e.chain->trust, 3, model::TrustVerdict{});
    Grow(e.policy_violations, 3, model::PolicyViolation{});
    e.san = model::SanReport{};
    Grow(e.san->required, 3, std::string("lyncdiscover.example.com"));
  }
  Grow(r.dns, 3, model::DnsOutcome{});
  for (auto& d : r.dns) Grow(d.addresses, 3, std::string("192.0.2.1"));
  Grow(r.networks, 3, model::NetworkReport{});
  for (auto& n : r.networks) {
    Grow(n.links, 3, model::DiscoveryLink{});
    Grow(n.http_legs, 3, model::HttpLegReport{});
    Grow(n.verdicts, 3, model::ProfileVerdict{});
    n.signin = model::UcwaSignin{};
    Grow(n.signin->steps, 3, model::UcwaStepTime{});
  }
  // The room the test is about, outer and inner.
  ASSERT_GT(r.endpoints.capacity(), r.endpoints.size());
  ASSERT_GT(r.endpoints[0].chain->certs.capacity(), 3u);
  ASSERT_GT(r.networks[0].verdicts.capacity(), 3u);
  const model::ProbeResult before = r;

  DropUnservedBytes(r);

  model::ProbeResult expected = before;
  for (auto& x : expected.endpoints) {
    x.tls->presented_chain.clear();
    x.tls->ocsp_staple.reset();
    x.http->body.clear();
    x.http->headers.clear();
  }
  EXPECT_EQ(r, expected);  // every list holds what it held
  EXPECT_EQ(r.endpoints.capacity(), 5u);
  EXPECT_EQ(r.dns.capacity(), 3u);
  EXPECT_EQ(r.networks.capacity(), 3u);
  for (const auto& x : r.endpoints) {
    EXPECT_EQ(x.chain->certs.capacity(), 3u);
    EXPECT_EQ(x.chain->trust.capacity(), 3u);
    EXPECT_EQ(x.policy_violations.capacity(), 3u);
    EXPECT_EQ(x.san->required.capacity(), 3u);
  }
  for (const auto& x : r.dns) EXPECT_EQ(x.addresses.capacity(), 3u);
  for (const auto& x : r.networks) {
    EXPECT_EQ(x.links.capacity(), 3u);
    EXPECT_EQ(x.http_legs.capacity(), 3u);
    EXPECT_EQ(x.verdicts.capacity(), 3u);
    EXPECT_EQ(x.signin->steps.capacity(), 3u);
  }
}

}  // namespace
}  // namespace lde::results
