// x509::DecodeCertificate: DER -> CertFacts, run once per presented
// certificate on every probe (three times for a typical chain).

#include <benchmark/benchmark.h>

#include "support/bench_pki.h"
#include "x509/certificate.h"
#include "x509/openssl_handles.h"  // x509-internal: ParseDer, to isolate d2i_X509

namespace lde::bench {
namespace {

using lde::testing::CertSpec;

// Arg 0: RSA 2048 leaf, 1: EC P-256 leaf.
void BM_DecodeCertificate_Leaf(benchmark::State& state) {
  CertSpec::Key key = state.range(0) == 0 ? CertSpec::Key::kRsa2048 : CertSpec::Key::kEcP256;
  BenchPki pki = MakeBenchPki("lyncdiscover.bench.test", key, std::chrono::system_clock::now());
  bool ok = false;
  for (auto _ : state) {
    auto facts = x509::DecodeCertificate(pki.leaf.der);
    benchmark::DoNotOptimize(facts);
    ok = facts.ok();
  }
  if (!ok) state.SkipWithError("the leaf did not decode");
  state.counters["der_bytes"] = static_cast<double>(pki.leaf.der.size());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * pki.leaf.der.size()));
  state.SetLabel(KeyName(key));
}
BENCHMARK(BM_DecodeCertificate_Leaf)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// The bare DER -> X509 parse (d2i_X509) that DecodeCertificate, VerifyChain,
// IsIssuedBy, HasIssuerOf and MatchesHostname each repeat for the same
// certificate. With OpenSSL 3.0 it includes building a public-key decoder
// context, which is most of its cost.
void BM_X509ParseDer_Leaf(benchmark::State& state) {
  CertSpec::Key key = state.range(0) == 0 ? CertSpec::Key::kRsa2048 : CertSpec::Key::kEcP256;
  BenchPki pki = MakeBenchPki("lyncdiscover.bench.test", key, std::chrono::system_clock::now());
  bool ok = false;
  for (auto _ : state) {
    ossl::X509Ptr cert = x509::ParseDer(pki.leaf.der);
    ok = cert != nullptr;
    benchmark::DoNotOptimize(cert);
  }
  if (!ok) state.SkipWithError("the leaf did not parse");
  state.SetLabel(KeyName(key));
}
BENCHMARK(BM_X509ParseDer_Leaf)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A malformed input must fail fast, not cost more than a good one.
void BM_DecodeCertificate_Garbage(benchmark::State& state) {
  model::Der garbage(1200, 0x30);
  for (auto _ : state) {
    auto facts = x509::DecodeCertificate(garbage);
    benchmark::DoNotOptimize(facts);
  }
}
BENCHMARK(BM_DecodeCertificate_Garbage)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lde::bench
