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

}  // namespace
}  // namespace lde::results
