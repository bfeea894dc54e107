// The per-probe judge cost: analysis::AnalyzeChain on a presented 3-cert
// chain against two stores, "public" (the OS bundle, about 140 anchors) and
// "enterprise" (the chain's own root), as a probe of an internal Lync pool
// judges it. Setup (minting, loading the bundle) is outside the timed loop.

#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "analysis/chain_analysis.h"
#include "support/bench_pki.h"
#include "x509/trust_store.h"

namespace lde::bench {
namespace {

using lde::testing::CertSpec;

CertSpec::Key KeyArg(const benchmark::State& state) {
  return state.range(0) == 0 ? CertSpec::Key::kRsa2048 : CertSpec::Key::kEcP256;
}

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result.ok()) throw std::runtime_error(std::string(what) + ": " + result.error().detail);
  return std::move(result).value();
}

// The OS bundle, plus `extra_pem` when non-empty (through a temporary file,
// the way a config's ca_files reach the store).
std::shared_ptr<const x509::TrustStore> PublicStore(const std::string& extra_pem) {
  if (extra_pem.empty()) return Must(x509::TrustStore::Load("public", true, {}), "system bundle");
  char path[] = "/tmp/lde-bench-root-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  ::close(fd);
  std::ofstream(path) << extra_pem;
  auto store = x509::TrustStore::Load("public", true, {path});
  std::remove(path);
  return Must(std::move(store), "system bundle + bench root");
}

// public_trusts: the bench root is also a "public" anchor, so both stores
// build a path (the success case inside the big store); otherwise "public"
// fails with unknown issuer, as it does for an enterprise-only chain.
void RunAnalyzeChain(benchmark::State& state, bool public_trusts) {
  SysTime now = std::chrono::system_clock::now();
  BenchPki pki = MakeBenchPki("lyncdiscover.bench.test", KeyArg(state), now);
  auto system = PublicStore(public_trusts ? pki.root.pem : "");
  auto enterprise = Must(x509::TrustStore::FromPem("enterprise", pki.root.pem), "enterprise");

  analysis::ChainInput input;
  input.presented = {pki.leaf.der, pki.intermediate.der, pki.root.der};
  input.stores = {system, enterprise};
  input.expected_host = "lyncdiscover.bench.test";
  input.now = now;

  bool as_expected = false;
  for (auto _ : state) {
    auto report = analysis::AnalyzeChain(input);
    benchmark::DoNotOptimize(report);
    as_expected = report.ok() && report.value().trust.size() == 2 &&
                  report.value().trust[0].trusted() == public_trusts && report.value().trust[1].trusted() &&
                  report.value().hostname_match;
  }
  if (!as_expected) state.SkipWithError("the chain was not judged as expected");
  state.counters["public_anchors"] = static_cast<double>(system->size());
  state.SetLabel(KeyName(KeyArg(state)));
}

// Arg 0: RSA 2048 chain, 1: EC P-256 chain.
void BM_AnalyzeChain_EnterpriseOnly(benchmark::State& state) { RunAnalyzeChain(state, false); }
void BM_AnalyzeChain_BothStores(benchmark::State& state) { RunAnalyzeChain(state, true); }
BENCHMARK(BM_AnalyzeChain_EnterpriseOnly)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalyzeChain_BothStores)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lde::bench
