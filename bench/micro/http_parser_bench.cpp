// http_client::HttpResponseParser on what an IIS Lync Front End answers to
// GET /autodiscover/autodiscoverservice.svc/root: a ~1 KiB document with the
// usual headers, delivered whole, in TCP-segment-sized pieces, and chunked.

#include <benchmark/benchmark.h>

#include <sstream>
#include <string>

#include "http_client/response_parser.h"
#include "micro/test_data.h"

namespace lde::bench {
namespace {

std::string Head(const std::string& framing) {
  return "HTTP/1.1 200 OK\r\n"
         "Cache-Control: no-cache\r\n"
         "Content-Type: application/vnd.microsoft.rtc.autodiscover+xml; v=1\r\n"
         "Server: Microsoft-IIS/8.5\r\n"
         "X-MS-Server-Fqdn: pool01.contoso.test\r\n"
         "X-Content-Type-Options: nosniff\r\n"
         "X-Powered-By: ASP.NET\r\n"
         "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n" +
         framing + "\r\n";
}

std::string ContentLengthResponse(const std::string& body) {
  return Head("Content-Length: " + std::to_string(body.size()) + "\r\n") + body;
}

std::string ChunkedResponse(const std::string& body) {
  std::size_t half = body.size() / 2;
  auto chunk = [](const std::string& part) {
    std::ostringstream out;
    out << std::hex << part.size() << "\r\n" << part << "\r\n";
    return out.str();
  };
  return Head("Transfer-Encoding: chunked\r\n") + chunk(body.substr(0, half)) + chunk(body.substr(half)) +
         "0\r\n\r\n";
}

// Arg: bytes per Feed() call (0 = the whole response at once).
void RunParse(benchmark::State& state, const std::string& wire) {
  const std::size_t piece = state.range(0) == 0 ? wire.size() : static_cast<std::size_t>(state.range(0));
  bool done = false;
  for (auto _ : state) {
    http_client::HttpResponseParser parser(256 * 1024);
    std::string_view rest(wire);
    while (!rest.empty() && parser.state() == http_client::HttpResponseParser::State::kNeedMore) {
      std::size_t n = std::min(piece, rest.size());
      parser.Feed(rest.substr(0, n));
      rest.remove_prefix(n);
    }
    done = parser.state() == http_client::HttpResponseParser::State::kDone;
    benchmark::DoNotOptimize(parser.response());
  }
  if (!done) state.SkipWithError("the response did not parse");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wire.size()));
  state.counters["wire_bytes"] = static_cast<double>(wire.size());
}

void BM_HttpResponseParser_ContentLength(benchmark::State& state) {
  RunParse(state, ContentLengthResponse(ReadTestData("discovery/root_external.xml")));
}
void BM_HttpResponseParser_Chunked(benchmark::State& state) {
  RunParse(state, ChunkedResponse(ReadTestData("discovery/root_external.xml")));
}
BENCHMARK(BM_HttpResponseParser_ContentLength)->Arg(0)->Arg(1448)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HttpResponseParser_Chunked)->Arg(0)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace lde::bench
