// Real HTTP against the server on 127.0.0.1 port 0.

#include "http/exporter_http_server.h"

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/StreamCopier.h"

namespace lde::http {
namespace {

using namespace std::chrono_literals;

const Poco::Timespan kClientTimeout(5, 0);

struct Reply {
  int status = 0;
  std::string content_type;
  std::string allow;
  std::string body;
};

Reply Fetch(std::uint16_t port, const std::string& method, const std::string& path,
            Poco::Net::HTTPClientSession* reuse = nullptr) {
  Poco::Net::HTTPClientSession own("127.0.0.1", port);
  Poco::Net::HTTPClientSession& session = reuse ? *reuse : own;
  session.setTimeout(kClientTimeout);
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (method == "POST") request.setContentLength(0);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  Reply reply;
  reply.status = response.getStatus();
  reply.content_type = response.getContentType();
  reply.allow = response.get("Allow", "");
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

// Sends raw bytes and reads until the server closes (bounded by timeouts).
std::string RawExchange(std::uint16_t port, const std::string& bytes) {
  Poco::Net::StreamSocket socket;
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), kClientTimeout);
  socket.setReceiveTimeout(kClientTimeout);
  socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
  std::string out;
  char buf[1024];
  for (int i = 0; i < 64; ++i) {  // at most 64 KiB
    int n = socket.receiveBytes(buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

class ExporterHttpServerTest : public ::testing::Test {
 protected:
  HttpHandlers Handlers() {
    HttpHandlers h;
    h.metrics_text = [] { return std::string("probe_success{target=\"a\"} 1\n"); };
    h.reload = [this] {
      ++reloads_;
      return reload_ok_ ? std::make_pair(true, std::string("reloaded"))
                        : std::make_pair(false, std::string("config.yaml:3: unknown key \"bogus\""));
    };
    h.status_json = [] { return std::string("{\"targets\":[]}"); };
    return h;
  }
  void StartServer(HttpHandlers handlers) {
    server_ = std::make_unique<ExporterHttpServer>("127.0.0.1:0", std::move(handlers), log_);
    auto started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.error().detail;
    ASSERT_NE(started.value(), 0);
    ASSERT_EQ(server_->port(), started.value());
  }
  void SetUp() override { StartServer(Handlers()); }
  void TearDown() override {
    if (server_) server_->Stop();
  }
  std::uint16_t port() const { return server_->port(); }

  std::ostringstream log_out_;
  Logger log_{log_out_, LogLevel::kDebug, LogFormat::kLogfmt};
  std::atomic<int> reloads_{0};
  std::atomic<bool> reload_ok_{true};
  std::unique_ptr<ExporterHttpServer> server_;
};

TEST_F(ExporterHttpServerTest, MetricsServedAsTextFormat004) {
  Reply r = Fetch(port(), "GET", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.body, "probe_success{target=\"a\"} 1\n");
  EXPECT_EQ(Fetch(port(), "GET", "/metrics?debug=true").status, 200);
}

TEST_F(ExporterHttpServerTest, HeadGetsHeadersWithoutBody) {
  Reply r = Fetch(port(), "HEAD", "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
}

TEST_F(ExporterHttpServerTest, HealthyAnswersOk) {
  Reply r = Fetch(port(), "GET", "/-/healthy");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "OK");
}

TEST_F(ExporterHttpServerTest, ReloadByPostReportsSuccessOrFailure) {
  Reply ok = Fetch(port(), "POST", "/-/reload");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "reloaded\n");
  reload_ok_ = false;
  Reply bad = Fetch(port(), "POST", "/-/reload");
  EXPECT_EQ(bad.status, 500);
  EXPECT_EQ(bad.body, "config.yaml:3: unknown key \"bogus\"\n");
  EXPECT_EQ(reloads_, 2);
}

TEST_F(ExporterHttpServerTest, ReloadByGetIs405AndDoesNotReload) {
  Reply r = Fetch(port(), "GET", "/-/reload");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.allow, "POST");
  EXPECT_EQ(reloads_, 0);
}

TEST_F(ExporterHttpServerTest, PostToAReadOnlyRouteIs405) {
  Reply r = Fetch(port(), "POST", "/metrics");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.allow, "GET, HEAD");
}

TEST_F(ExporterHttpServerTest, StatusIsJson) {
  Reply r = Fetch(port(), "GET", "/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.body, "{\"targets\":[]}");
}

TEST_F(ExporterHttpServerTest, LandingPageLinksTheRoutes) {
  Reply r = Fetch(port(), "GET", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("href=\"/metrics\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/status\""), std::string::npos);
}

TEST_F(ExporterHttpServerTest, UnknownPathIs404) {
  EXPECT_EQ(Fetch(port(), "GET", "/nope").status, 404);
  EXPECT_EQ(Fetch(port(), "GET", "/metrics/extra").status, 404);
}

TEST_F(ExporterHttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Poco::Net::HTTPClientSession session("127.0.0.1", port());
  session.setKeepAlive(true);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Fetch(port(), "GET", "/-/healthy", &session).status, 200);
  }
}

TEST_F(ExporterHttpServerTest, MalformedRequestGets400AndServerKeepsServing) {
  const char* bad_requests[] = {
      "GARBAGE\r\n\r\n",
      "GET /metrics FTP/9.9\r\n\r\n",
      "GETTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT / HTTP/1.1\r\n\r\n",
      "GET /metrics HTTP/1.1\r\nBad Name: x\r\n\r\n",
      "GET /%zz HTTP/1.1\r\n\r\n",
  };
  for (const char* bad : bad_requests) {
    SCOPED_TRACE(bad);
    std::string reply = RawExchange(port(), bad);
    EXPECT_EQ(reply.rfind("HTTP/1.", 0), 0u) << reply;
    EXPECT_NE(reply.find(" 400 "), std::string::npos) << reply;
  }
  EXPECT_EQ(Fetch(port(), "GET", "/-/healthy").status, 200);
}

TEST_F(ExporterHttpServerTest, StartTwiceIsAnError) {
  auto again = server_->Start();
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().detail.find("already started"), std::string::npos);
}

TEST_F(ExporterHttpServerTest, PortInUseIsAClearError) {
  ExporterHttpServer second("127.0.0.1:" + std::to_string(port()), Handlers(), log_);
  auto started = second.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().kind, ErrorKind::kConfig);
  EXPECT_NE(started.error().detail.find("cannot listen on"), std::string::npos) << started.error().detail;
  EXPECT_NE(started.error().detail.find("in use"), std::string::npos) << started.error().detail;
  EXPECT_EQ(second.port(), 0);
  EXPECT_EQ(Fetch(port(), "GET", "/-/healthy").status, 200);  // the first is unaffected
}

TEST_F(ExporterHttpServerTest, StopClosesTheListenerAndIsIdempotent) {
  std::uint16_t p = port();
  server_->Stop();
  server_->Stop();
  Poco::Net::StreamSocket socket;
  EXPECT_THROW(socket.connect(Poco::Net::SocketAddress("127.0.0.1", p), kClientTimeout),
               Poco::Net::NetException);
}

TEST_F(ExporterHttpServerTest, StopDoesNotWaitForAnIdleClient) {
  // A client that connects and sends half a request holds a connection
  // thread until the 10 s request timeout; Stop must not wait for it.
  Poco::Net::StreamSocket idle;
  idle.connect(Poco::Net::SocketAddress("127.0.0.1", port()), kClientTimeout);
  const std::string partial = "GET /metrics HTTP/1.1\r\nHost: x\r\n";
  idle.sendBytes(partial.data(), static_cast<int>(partial.size()));
  EXPECT_EQ(Fetch(port(), "GET", "/-/healthy").status, 200);  // the idle one is being served

  auto before = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, 5s);
}

TEST(ExporterHttpServerErrorsTest, BadListenAddressesAreClearErrors) {
  std::ostringstream out;
  Logger log(out, LogLevel::kError, LogFormat::kLogfmt);
  struct Case {
    const char* address;
    const char* expect;
  } cases[] = {
      {"nonsense", "missing ':port'"},
      {"127.0.0.1:70000", "out of range"},
      {"192.0.2.1:0", "cannot listen on"},  // not an address of this host
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.address);
    ExporterHttpServer server(c.address, {}, log);
    auto started = server.Start();
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().kind, ErrorKind::kConfig);
    EXPECT_NE(started.error().detail.find(c.expect), std::string::npos) << started.error().detail;
  }
}

TEST(ExporterHttpServerHandlersTest, MissingHandlersAnswer503AndThrowingOnesAnswer500) {
  std::ostringstream out;
  Logger log(out, LogLevel::kWarn, LogFormat::kLogfmt);
  HttpHandlers handlers;
  handlers.status_json = []() -> std::string { throw std::runtime_error("status exploded"); };
  ExporterHttpServer server("127.0.0.1:0", handlers, log);
  auto started = server.Start();
  ASSERT_TRUE(started.ok()) << started.error().detail;

  EXPECT_EQ(Fetch(server.port(), "GET", "/metrics").status, 503);
  EXPECT_EQ(Fetch(server.port(), "POST", "/-/reload").status, 503);
  EXPECT_EQ(Fetch(server.port(), "GET", "/status").status, 500);
  EXPECT_EQ(Fetch(server.port(), "GET", "/-/healthy").status, 200);
  server.Stop();
  EXPECT_NE(out.str().find("status exploded"), std::string::npos) << out.str();
}

TEST(ExporterHttpServerConcurrencyTest, SlowScrapeDoesNotBlockHealthCheck) {
  std::ostringstream out;
  Logger log(out, LogLevel::kError, LogFormat::kLogfmt);
  std::mutex mutex;
  std::condition_variable cv;
  bool entered = false, release = false;
  HttpHandlers handlers;
  handlers.metrics_text = [&] {
    std::unique_lock<std::mutex> lock(mutex);
    entered = true;
    cv.notify_all();
    cv.wait_for(lock, 10s, [&] { return release; });
    return std::string("m 1\n");
  };
  ExporterHttpServer server("127.0.0.1:0", handlers, log);
  ASSERT_TRUE(server.Start().ok());

  auto slow = std::async(std::launch::async, [&] { return Fetch(server.port(), "GET", "/metrics"); });
  {
    std::unique_lock<std::mutex> lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return entered; }));
  }
  EXPECT_EQ(Fetch(server.port(), "GET", "/-/healthy").status, 200);
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(slow.get().body, "m 1\n");
  server.Stop();
}

}  // namespace
}  // namespace lde::http
