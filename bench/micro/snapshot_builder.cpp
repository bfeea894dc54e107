#include "micro/snapshot_builder.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

#include "micro/test_data.h"
#include "results/held_result.h"
#include "support/bench_pki.h"
#include "x509/certificate.h"

namespace lde::bench {
namespace {

using namespace std::chrono_literals;

model::CertFacts Decode(const model::Der& der) {
  auto facts = x509::DecodeCertificate(der);
  if (!facts.ok()) throw std::runtime_error("bench certificate does not decode: " + facts.error().detail);
  return std::move(facts).value();
}

std::string Numbered(const char* format, std::size_t i) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, i);
  return buf;
}

// The target name of the i-th result: what MakeResult stores and what the
// store is told to retain.
std::string TargetName(std::size_t i) { return Numbered("site%05zu", i); }

model::ProbeResult MakeResult(std::size_t i, const BenchPki& pki, const std::vector<model::CertRef>& chain,
                              const std::string& body, SysTime now) {
  const std::string host = Numbered("lyncdiscover.site%05zu.bench.test", i);
  model::ProbeResult r;
  r.target = TargetName(i);
  r.kind = "https";
  r.started = now - 20s;
  r.duration = 35ms;
  r.success = true;

  model::DnsOutcome dns;
  dns.host = host;
  dns.resolver = "system";
  dns.success = true;
  // TEST-NET-1 (RFC 5737): label text only, never dialled.
  dns.addresses = {"192.0.2." + std::to_string(i % 254 + 1)};
  dns.elapsed = 2ms;
  r.dns = {dns};

  model::EndpointReport e;
  e.endpoint = {host, dns.addresses[0], 443};
  e.tls = model::TlsObservation{};
  e.tls->sni = host;
  e.tls->protocol = "TLSv1.3";
  e.tls->cipher = "TLS_AES_256_GCM_SHA384";
  e.tls->presented_chain = {pki.leaf.der, pki.intermediate.der, pki.root.der};
  e.tls->connect_time = 1ms;
  e.tls->handshake_time = 12ms;
  e.http = model::HttpObservation{};
  e.http->status = 200;
  e.http->reason = "OK";
  e.http->headers = {{"Content-Type", "application/vnd.microsoft.rtc.autodiscover+xml; v=1"},
                     {"Content-Length", std::to_string(body.size())},
                     {"Cache-Control", "no-cache"},
                     {"X-MS-Server-Fqdn", "pool01.bench.test"}};
  e.http->body = body;
  e.http->elapsed = 8ms;

  model::ChainReport report;
  report.certs = chain;  // the issuing CA and root shared, as the daemon holds them
  report.certs[0].Edit([&](model::CertFacts& leaf) {  // a leaf of its own per target
    leaf.serial_hex = Numbered("5eed%012zx", i);
    leaf.sha256_hex = Numbered("%064zx", i * 2654435761u);
    leaf.dns_names = {host};
  });
  report.trust = {model::TrustVerdict{"public", model::TrustReason::kUnknownIssuer, 20,
                                      "unable to get local issuer certificate at depth 2"},
                  model::TrustVerdict{"enterprise", model::TrustReason::kOk, 0, ""}};
  report.hostname_match = true;
  report.complete = true;
  report.ordered = true;
  report.earliest_not_after = chain[0]->not_after();
  e.chain = std::move(report);
  r.endpoints = {std::move(e)};
  r.log = {"level=info msg=\"probe done\" target=" + r.target + " success=1 duration_seconds=0.035"};
  return r;
}

}  // namespace

results::ResultStore::Snapshot BuildSnapshot(std::size_t targets, HeapLayout layout) {
  SysTime now = std::chrono::system_clock::now();
  BenchPki pki = MakeBenchPki("lyncdiscover.bench.test", lde::testing::CertSpec::Key::kRsa2048, now);
  std::vector<model::CertRef> chain = {Decode(pki.leaf.der), Decode(pki.intermediate.der),
                                       Decode(pki.root.der)};
  const std::string body = ReadTestData("discovery/root_external.xml");

  std::vector<std::size_t> order(targets);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::mt19937 random(42);  // a fixed seed: every run lays the heap out alike
  if (layout == HeapLayout::kScattered) std::shuffle(order.begin(), order.end(), random);

  results::ResultStore store;
  std::set<std::string> names;
  for (std::size_t i = 0; i < targets; ++i) names.insert(TargetName(i));
  store.RetainOnly(names);  // as the daemon does before its first probe
  // What the probes in flight hold while one finishes: buffers of a
  // handshake, a DER chain, a body, freed in turn as each probe ends.
  constexpr std::size_t kInFlight = 64;
  std::vector<std::vector<char>> transient(kInFlight);
  std::uniform_int_distribution<std::size_t> transient_bytes(64, 16 * 1024);
  for (std::size_t n = 0; n < order.size(); ++n) {
    if (layout == HeapLayout::kScattered) {
      std::vector<char>& slot = transient[n % kInFlight];
      slot = std::vector<char>();  // the oldest probe ends: its buffers go back
      slot.assign(transient_bytes(random), 'x');
    }
    model::ProbeResult r = MakeResult(order[n], pki, chain, body, now);
    results::DropUnservedBytes(r);  // as the daemon stores it (app/jobs.cpp)
    store.Put(std::make_shared<const model::ProbeResult>(std::move(r)));
  }
  return store.Take();
}

}  // namespace lde::bench
