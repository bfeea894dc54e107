// A scrape of GET /metrics end to end in one process: the exporter's HTTP
// server (event loop, worker, body pipe, gzip when asked) streaming the
// rendering of a 10,000-target snapshot to a client on a 127.0.0.1 socket
// that reads the reply to its end and keeps nothing. Wall time per scrape;
// an in-process view for comparing changes to the streaming path, not the
// figure of record (bench/daemon/daemon_load scrapes the daemon as it runs).
// And each gzip engine of the build over that text, as a scrape writes it.

#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "http/exporter_http_server.h"
#include "http/gzip.h"
#include "http/web_security.h"
#include "metrics/render.h"
#include "micro/snapshot_builder.h"

namespace lde::bench {
namespace {

// Sends `request` on a new connection and reads until the server closes it;
// returns the bytes read (head and body as they came on the wire).
std::size_t FetchToClose(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect");
  }
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    throw std::runtime_error("send");
  }
  static thread_local std::string buffer(1 << 20, '\0');
  std::size_t total = 0;
  for (;;) {
    const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return total;
}

// Arg 0: targets; arg 1: 1 to ask for gzip; arg 2: the HeapLayout of the
// results (0 compact, 1 scattered as in the resident daemon).
void BM_ScrapeOverLoopback(benchmark::State& state) {
  const auto targets = static_cast<std::size_t>(state.range(0));
  const bool gzip = state.range(1) != 0;
  const results::ResultStore::Snapshot snap = BuildSnapshot(targets, static_cast<HeapLayout>(state.range(2)));
  metrics::ExporterState exporter;
  exporter.version = "bench";
  exporter.last_reload_ok = true;

  http::Route route{"/metrics", {"GET"}, [&](const http::HttpRequest&) {
                      http::HttpResponse r;
                      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                      r.stream.write = [&](ByteSink& out) { metrics::StreamText(snap, exporter, out); };
                      return r;
                    }};
  route.compressible = true;
  SystemClock clock;
  std::ostringstream log_out;
  Logger log(log_out, LogLevel::kWarn, LogFormat::kLogfmt, clock);
  http::ExporterHttpServer server({"127.0.0.1:0"}, http::Router({route}), http::ServerLimits{}, log, clock);
  auto ports = server.Start(http::OpenWebSecurity());
  if (!ports.ok()) {
    state.SkipWithError(ports.error().detail.c_str());
    return;
  }
  const std::string request =
      std::string("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n") +
      (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n";
  std::size_t wire = 0;
  for (auto _ : state) wire = FetchToClose(ports.value().at(0), request);
  state.counters["wire_bytes"] = static_cast<double>(wire);
  server.Stop();
}
BENCHMARK(BM_ScrapeOverLoopback)
    ->Args({10000, 0, 0})
    ->Args({10000, 1, 0})
    ->Args({10000, 1, 1})
    ->Iterations(10)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Arg: GzipEngine (0 ISA-L, 1 zlib). The rendered text of 10,000 targets,
// compressed in the 32 KiB pieces the text writer hands on.
void BM_GzipScrapeText(benchmark::State& state) {
  const auto engine = static_cast<http::GzipEngine>(state.range(0));
  if (!http::HasGzipEngine(engine)) {
    state.SkipWithError("this build lacks the engine");
    return;
  }
  const std::string text = metrics::RenderText(BuildSnapshot(10000), metrics::ExporterState{});
  constexpr std::size_t kPiece = 32 * 1024;
  struct Counting final : ByteSink {
    std::size_t bytes = 0;
    void Write(std::string_view out) override { bytes += out.size(); }
  };
  std::size_t packed = 0;
  for (auto _ : state) {
    Counting out;
    http::GzipSink gzip(out, engine);
    for (std::size_t at = 0; at < text.size(); at += kPiece)
      gzip.Write(std::string_view(text).substr(at, kPiece));
    gzip.Finish();
    packed = out.bytes;
  }
  state.SetLabel(std::string(http::GzipEngineName(engine)));
  state.counters["text_bytes"] = static_cast<double>(text.size());
  state.counters["gzip_bytes"] = static_cast<double>(packed);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_GzipScrapeText)
    ->Arg(static_cast<int>(http::GzipEngine::kIsal))
    ->Arg(static_cast<int>(http::GzipEngine::kZlib))
    ->Iterations(5)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lde::bench
