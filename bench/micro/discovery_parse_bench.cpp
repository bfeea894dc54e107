// discovery::ParseDiscoveryDocument on the Root documents a Lync Front End
// serves (UCWA JSON and MS-OCDISCWS XML), from tests/data/discovery.

#include <benchmark/benchmark.h>

#include <string>

#include "discovery/document_parser.h"
#include "micro/test_data.h"

namespace lde::bench {
namespace {

constexpr char kBaseUrl[] = "https://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root";

void RunParse(benchmark::State& state, const std::string& file, const std::string& content_type) {
  const std::string body = ReadTestData("discovery/" + file);
  bool ok = false;
  for (auto _ : state) {
    auto doc = discovery::ParseDiscoveryDocument(body, content_type, kBaseUrl);
    benchmark::DoNotOptimize(doc);
    ok = doc.ok();
  }
  if (!ok) state.SkipWithError("the document did not parse");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}

void BM_ParseDiscoveryDocument_Json(benchmark::State& state) {
  RunParse(state, "root_external.json", "application/json");
}
void BM_ParseDiscoveryDocument_Xml(benchmark::State& state) {
  RunParse(state, "root_external.xml", "application/vnd.microsoft.rtc.autodiscover+xml; v=1");
}
BENCHMARK(BM_ParseDiscoveryDocument_Json)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ParseDiscoveryDocument_Xml)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lde::bench
