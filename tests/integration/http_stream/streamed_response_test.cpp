// ExporterHttpServer with a route whose body is a BodyStream, over real
// sockets on 127.0.0.1: what a scrape of /metrics does, with a text made on
// the fly (never held whole by the test's writer either).

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <sstream>
#include <stdexcept>
#include <string>

#include "http/exporter_http_server.h"
#include "http/gzip.h"
#include "support/raw_http/gunzip.h"
#include "support/raw_http/raw_http_client.h"

namespace lde::http {
namespace {

using lde::testing::Gunzip;

using namespace std::chrono_literals;
using lde::testing::RawGet;
using lde::testing::RawHttpClient;

constexpr auto kWait = 10s;  // upper bound of every wait; tests finish far sooner

std::string Line(std::size_t i) { return "probe_success{target=\"t" + std::to_string(i) + "\"} 1\n"; }

// The text the stream writes for `lines`, built here only to compare.
std::string Expected(std::size_t lines) {
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) text += Line(i);
  return text;
}

class StreamedResponseTest : public ::testing::Test {
 protected:
  // GET /stream?... writes `lines_` lines, 100 per Write; /huge writes
  // without end (until abandoned); /broken fails after a first piece.
  Router MakeRoutes() {
    auto stream_route = [this](const std::string& path, std::size_t lines, bool fail) {
      Route route{path, {"GET"}, [this, lines, fail](const HttpRequest&) {
                    ++handled_;
                    HttpResponse r;
                    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                    r.stream.write = [this, lines, fail](ByteSink& out) {
                      ++streams_run_;
                      try {
                        std::string piece;
                        for (std::size_t i = 0; i < lines; ++i) {
                          piece += Line(i);
                          if (i % 100 == 99) {
                            out.Write(piece);
                            written_ += piece.size();
                            piece.clear();
                            if (fail) throw std::runtime_error("render failed");
                          }
                        }
                        out.Write(piece);
                      } catch (const std::runtime_error&) {
                        throw;
                      } catch (...) {  // StreamAbandoned: the reader is gone
                        abandoned_.set_value();
                        throw;
                      }
                    };
                    return r;
                  }};
      route.compressible = true;
      return route;
    };
    return Router({stream_route("/stream", kLines, false),
                   stream_route("/huge", SIZE_MAX, false),
                   stream_route("/broken", kLines, true),
                   stream_route("/small", kSmallLines, false),
                   PrecompressedRoute(),
                   {"/echo", {"GET"}, [](const HttpRequest&) { return TextResponse(200, "echo\n"); }}});
  }

  // GET /precompressed: a stream that can also write itself gzipped, as
  // GET /metrics does from its cache; counts which of the two ran.
  Route PrecompressedRoute() {
    Route route{"/precompressed", {"GET"}, [this](const HttpRequest&) {
                  HttpResponse r;
                  r.stream.write = [this](ByteSink& out) {
                    ++plain_writes_;
                    out.Write(Expected(kSmallLines));
                  };
                  r.stream.write_gzip = [this](ByteSink& out) {
                    ++gzip_writes_;
                    out.Write(GzipCompress(Expected(kSmallLines)));
                  };
                  return r;
                }};
    route.compressible = true;
    return route;
  }

  void Start(ServerLimits limits = {}) {
    server_ = std::make_unique<ExporterHttpServer>(std::vector<std::string>{"127.0.0.1:0"}, MakeRoutes(),
                                                   limits, log_, clock_);
    auto ports = server_->Start(OpenWebSecurity());
    ASSERT_TRUE(ports.ok()) << ports.error().detail;
    port_ = ports.value().at(0);
  }

  // A one-worker server with a short write timeout; `request` comes from a
  // client that never reads. The writer must be given back at the write
  // timeout (it sees StreamAbandoned), and the worker serve the next request.
  void ExpectAStalledReaderCostsTheWriteTimeout(const std::string& request) {
    ServerLimits limits;
    limits.workers = 1;
    limits.write_timeout = 300ms;
    Start(limits);
    RawHttpClient stalled(port_);
    ASSERT_TRUE(stalled.Send(request));
    // Bounded by kWait; the server closes at its write timeout.
    ASSERT_EQ(abandoned_.get_future().wait_for(kWait), std::future_status::ready);
    EXPECT_EQ(server_->Stats().dropped[DropReason::kWriteTimeout], 1u);
    auto r = RawGet(port_, "/echo", "", "127.0.0.1", kWait);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "echo\n");
  }

  static constexpr std::size_t kLines = 60'000;      // about 2 MB of text
  static constexpr std::size_t kSmallLines = 5'000;  // within RawHttpClient's 1 MiB read-until-close

  SystemClock clock_;
  std::ostringstream log_out_;
  Logger log_{log_out_, LogLevel::kDebug, LogFormat::kLogfmt, clock_};
  std::unique_ptr<ExporterHttpServer> server_;
  std::uint16_t port_ = 0;
  std::atomic<int> handled_{0};
  std::atomic<int> streams_run_{0};
  std::atomic<int> plain_writes_{0};
  std::atomic<int> gzip_writes_{0};
  std::atomic<std::size_t> written_{0};
  std::promise<void> abandoned_;
};

TEST_F(StreamedResponseTest, PlainIsChunkedWithTheWholeTextAndKeepsTheConnection) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(client.Send("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto r = client.ReadResponse(kWait);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("transfer-encoding"), "chunked");
  EXPECT_EQ(r->Header("content-length"), "");
  EXPECT_EQ(r->Header("connection"), "keep-alive");
  EXPECT_EQ(r->Header("vary"), "Accept-Encoding");
  EXPECT_EQ(r->body, Expected(kLines));
  EXPECT_GT(r->chunks, 10u);  // written while sent, not as one piece
  // The same connection serves the next request.
  ASSERT_TRUE(client.Send("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto echo = client.ReadResponse(kWait);
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->body, "echo\n");
  EXPECT_EQ((server_->Stats().requests[{"/stream", 200}]), 1u);
}

TEST_F(StreamedResponseTest, AStreamThatWritesItselfGzippedIsNotCompressedTwice) {
  Start();
  auto zipped = RawGet(port_, "/precompressed", "Accept-Encoding: gzip\r\n", "127.0.0.1", kWait);
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->Header("content-encoding"), "gzip");
  EXPECT_EQ(Gunzip(zipped->body), Expected(kSmallLines));  // one member: not gzip of gzip
  EXPECT_EQ(gzip_writes_.load(), 1);
  EXPECT_EQ(plain_writes_.load(), 0);

  auto plain = RawGet(port_, "/precompressed", "", "127.0.0.1", kWait);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->Header("content-encoding"), "");
  EXPECT_EQ(plain->body, Expected(kSmallLines));
  EXPECT_EQ(plain_writes_.load(), 1);
  EXPECT_EQ(gzip_writes_.load(), 1);
}

TEST_F(StreamedResponseTest, GzipIsStreamedTooAndDecodesToThePlainText) {
  Start();
  auto r = RawGet(port_, "/stream", "Accept-Encoding: gzip\r\n", "127.0.0.1", kWait);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("content-encoding"), "gzip");
  EXPECT_EQ(r->Header("transfer-encoding"), "chunked");
  EXPECT_LT(r->body.size(), Expected(kLines).size() / 5);
  EXPECT_GT(r->chunks, 2u);
  EXPECT_EQ(Gunzip(r->body), Expected(kLines));
}

TEST_F(StreamedResponseTest, HeadSendsTheHeadAndNeverRunsTheStream) {
  Start();
  RawHttpClient head(port_);
  ASSERT_TRUE(head.Send(
      "HEAD /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"));
  std::string raw = head.ReadUntilClose(kWait);
  EXPECT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("Transfer-Encoding: chunked\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("Content-Encoding"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), "");
  EXPECT_EQ(handled_, 1);
  EXPECT_EQ(streams_run_, 0);
}

TEST_F(StreamedResponseTest, Http10GetsTheBodyUntilTheConnectionCloses) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(client.Send("GET /small HTTP/1.0\r\n\r\n"));
  auto r = client.ReadResponse(kWait);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("transfer-encoding"), "");
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_EQ(r->body, Expected(kSmallLines));
}

TEST_F(StreamedResponseTest, AWriterThatFailsCutsTheBodyOffAndTheServerGoesOn) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(client.Send("GET /broken HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  EXPECT_FALSE(client.ReadResponse(kWait));  // closed before the last chunk: not a whole response
  EXPECT_NE(log_out_.str().find("http response stream failed"), std::string::npos);
  EXPECT_EQ(RawGet(port_, "/echo")->body, "echo\n");
}

// A scraper that stops reading: the writer blocks on a full pipe (it does
// not go on making text), the connection is dropped at the write timeout,
// and the writer's thread is given back, so the only worker serves the next
// request.
TEST_F(StreamedResponseTest, AClientThatReadsNothingCostsABoundedBufferAndTheWriteTimeout) {
  ExpectAStalledReaderCostsTheWriteTimeout("GET /huge HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  // What was made before the writer blocked: the socket buffers (a few MB
  // on loopback) and the 64 KiB pipe, never the endless text.
  EXPECT_LT(written_.load(), 32u * 1024 * 1024);
}

// Gzipped, the writer's pieces pass through the compressor first: a failing
// writer still cuts the body off (never a clean end of a gzip member), and
// the next gzipped answer is whole.
TEST_F(StreamedResponseTest, AGzipWriterThatFailsCutsTheBodyOffAndTheServerGoesOn) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(client.Send("GET /broken HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n"));
  EXPECT_FALSE(client.ReadResponse(kWait));
  EXPECT_NE(log_out_.str().find("http response stream failed"), std::string::npos);
  auto r = RawGet(port_, "/small", "Accept-Encoding: gzip\r\n", "127.0.0.1", kWait);
  ASSERT_TRUE(r);
  EXPECT_EQ(Gunzip(r->body), Expected(kSmallLines));
}

// The stalled reader of a gzipped stream: the writer blocks behind the
// compressor on the full pipe, and is given back at the write timeout.
TEST_F(StreamedResponseTest, AGzipClientThatReadsNothingCostsTheWriteTimeoutOnly) {
  ExpectAStalledReaderCostsTheWriteTimeout(
      "GET /huge HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n\r\n");
}

TEST_F(StreamedResponseTest, StoppingTheServerReleasesAWriterBlockedOnAStalledClient) {
  Start();
  RawHttpClient stalled(port_);
  ASSERT_TRUE(stalled.Send("GET /huge HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  // Wait until the writer has written something (the head is then on its way).
  for (int i = 0; i < 1'000'000 && written_.load() == 0; ++i) std::this_thread::yield();
  ASSERT_GT(written_.load(), 0u);
  server_->Stop();  // drains for a bounded time, then closes: the writer is released
  EXPECT_EQ(abandoned_.get_future().wait_for(kWait), std::future_status::ready);
}

}  // namespace
}  // namespace lde::http
