// The server over real sockets on 127.0.0.1 (and 127.0.0.2 as a second
// client address), with limits shrunk so that each bound is crossed quickly.

#include "http/exporter_http_server.h"

#include <crypt.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/raw_http/gunzip.h"
#include "support/raw_http/raw_http_client.h"

namespace lde::http {
namespace {

using namespace std::chrono_literals;
using lde::testing::RawGet;
using lde::testing::RawHttpClient;

constexpr auto kWait = 5s;  // upper bound of every wait; tests finish far sooner

std::string Request(const std::string& method, const std::string& path, const std::string& extra = "") {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

// A bcrypt hash at the lowest cost, so the test stays fast.
std::string BcryptHash(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof salt)) throw std::runtime_error("gensalt");
  crypt_data data{};
  const char* hash = crypt_r(password.c_str(), salt, &data);
  if (!hash || hash[0] == '*') throw std::runtime_error("crypt_r");
  return hash;
}

class ServerTest : public ::testing::Test {
 protected:
  Router MakeRoutes() {
    auto echo = [this](const HttpRequest& r) {
      ++calls_;
      return TextResponse(200, "method=" + r.method + " body=" + r.body + " peer=" + r.peer);
    };
    Route metrics{"/metrics", {"GET"}, [this](const HttpRequest&) {
                    ++calls_;
                    HttpResponse r = TextResponse(200, big_body_);
                    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                    return r;
                  }};
    metrics.compressible = true;
    Route post{"/post", {"POST"}, echo};
    post.max_body_bytes = 16;
    post.refuse_cross_site = true;
    Route boom{"/boom", {"GET"}, [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("x"); }};
    // Answers once the test releases it, saying when it started.
    Route slow{"/slow", {"GET"}, [this](const HttpRequest&) {
                 slow_started_.set_value();
                 release_slow_.get_future().wait();
                 return TextResponse(200, "late\n");
               }};
    // Waits (on the waiting pool) until the test releases it, counting
    // who is waiting.
    Route wait{"/wait", {"GET"}, [this](const HttpRequest&) {
                 std::unique_lock<std::mutex> lock(wait_mutex_);
                 ++waiting_;
                 wait_changed_.notify_all();
                 wait_changed_.wait_for(lock, kWait, [this] { return wait_released_; });
                 return TextResponse(200, "waited\n");
               }};
    wait.waits = true;
    return Router({metrics, {"/echo", {"GET"}, echo}, post, boom, slow, wait});
  }

  void Start(ServerLimits limits = {}, std::shared_ptr<const WebSecurity> security = OpenWebSecurity()) {
    for (int i = 0; i < 500; ++i) big_body_ += "probe_success{target=\"t" + std::to_string(i) + "\"} 1\n";
    server_ = std::make_unique<ExporterHttpServer>(std::vector<std::string>{"127.0.0.1:0"}, MakeRoutes(),
                                                   limits, log_, clock_);
    auto ports = server_->Start(std::move(security));
    ASSERT_TRUE(ports.ok()) << ports.error().detail;
    port_ = ports.value().at(0);
  }

  std::uint64_t Dropped(DropReason reason) { return server_->Stats().dropped[reason]; }

  SystemClock clock_;
  std::ostringstream log_out_;
  Logger log_{log_out_, LogLevel::kDebug, LogFormat::kLogfmt, clock_};
  std::unique_ptr<ExporterHttpServer> server_;
  std::uint16_t port_ = 0;
  std::string big_body_;
  std::atomic<int> calls_{0};
  std::promise<void> slow_started_, release_slow_;
  std::mutex wait_mutex_;
  std::condition_variable wait_changed_;
  int waiting_ = 0;
  bool wait_released_ = false;
};

TEST_F(ServerTest, ServesRoutesHeadAnd404And405) {
  Start();
  auto r = RawGet(port_, "/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r->body, big_body_);
  EXPECT_EQ(r->Header("vary"), "Accept-Encoding");

  RawHttpClient head(port_);
  ASSERT_TRUE(head.Send(Request("HEAD", "/metrics", "Connection: close\r\n")));
  std::string raw = head.ReadUntilClose(kWait);
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(big_body_.size())), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), "");

  EXPECT_EQ(RawGet(port_, "/nope")->status, 404);
  RawHttpClient post(port_);
  ASSERT_TRUE(post.Send(Request("POST", "/metrics", "Content-Length: 0\r\n")));
  auto not_allowed = post.ReadResponse(kWait);
  ASSERT_TRUE(not_allowed);
  EXPECT_EQ(not_allowed->status, 405);
  EXPECT_EQ(not_allowed->Header("allow"), "GET, HEAD");
  auto stats = server_->Stats();
  EXPECT_EQ((stats.requests[{"/metrics", 200}]), 2u);
  EXPECT_EQ((stats.requests[{"other", 404}]), 1u);
}

TEST_F(ServerTest, MalformedRequestsGetAnErrorAndTheServerKeepsServing) {
  Start();
  struct Case {
    std::string bytes;
    int status;
  } cases[] = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /echo FTP/9.9\r\nHost: h\r\n\r\n", 400},
      {"GET /echo HTTP/1.1\r\n\r\n", 400},
      {"GET /echo HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400},
      {"GET /echo HTTP/2.0\r\nHost: h\r\n\r\n", 505},
      {"POST /post HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501},
      {"GET /echo HTTP/1.1\r\nHost: h\r\nX: " + std::string(20000, 'a') + "\r\n\r\n", 431},
      {"GET /" + std::string(20000, 'a'), 431},  // no end of head in sight
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.bytes.substr(0, 60));
    RawHttpClient client(port_);
    ASSERT_TRUE(client.Send(c.bytes));
    auto r = client.ReadResponse(kWait);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status);
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_TRUE(client.WaitForClose(kWait));
  }
  EXPECT_EQ(RawGet(port_, "/echo")->status, 200);
  EXPECT_EQ(calls_, 1);
}

TEST_F(ServerTest, KeepAliveAndPipelinedRequestsAreAnsweredInOrder) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(client.Send(Request("GET", "/echo") + Request("GET", "/nope") + Request("GET", "/echo")));
  auto a = client.ReadResponse(kWait), b = client.ReadResponse(kWait), c = client.ReadResponse(kWait);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->status, 200);
  EXPECT_EQ(b->status, 404);
  EXPECT_EQ(c->status, 200);
  EXPECT_EQ(a->Header("connection"), "keep-alive");
  ASSERT_TRUE(client.Send(Request("GET", "/echo", "Connection: close\r\n")));
  auto d = client.ReadResponse(kWait);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->Header("connection"), "close");
  EXPECT_TRUE(client.WaitForClose(kWait));
}

TEST_F(ServerTest, AClientThatTricklesItsRequestIsCutOffAtTheRequestDeadline) {
  ServerLimits limits;
  limits.request_timeout = 300ms;
  Start(limits);
  RawHttpClient slow(port_);
  auto started = std::chrono::steady_clock::now();
  // One byte every 50 ms would take 1 s for this head: the deadline is for
  // the whole request, not per read, so the server gives up at 300 ms.
  std::string head = Request("GET", "/echo");
  bool closed = false;
  for (char c : head) {
    if (!slow.Send(std::string(1, c)) || slow.WaitForClose(50ms)) {
      closed = true;
      break;
    }
  }
  if (!closed) closed = slow.WaitForClose(kWait);
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(Dropped(DropReason::kRequestTimeout), 1u);
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, AConnectionThatNeverSpeaksIsClosedAndAnIdleKeepAliveQuietly) {
  ServerLimits limits;
  limits.request_timeout = 200ms;
  limits.idle_timeout = 200ms;
  Start(limits);
  RawHttpClient silent(port_);
  EXPECT_TRUE(silent.WaitForClose(kWait));
  EXPECT_EQ(Dropped(DropReason::kRequestTimeout), 1u);

  RawHttpClient idle(port_);
  ASSERT_TRUE(idle.Send(Request("GET", "/echo")));
  ASSERT_TRUE(idle.ReadResponse(kWait));
  EXPECT_TRUE(idle.WaitForClose(kWait));
  EXPECT_EQ(Dropped(DropReason::kRequestTimeout), 1u);  // an idle keep-alive is no drop
}

TEST_F(ServerTest, AtItsLimitAClientsOldestWaitingConnectionMakesRoom) {
  ServerLimits limits;
  limits.max_connections_per_client = 3;
  Start(limits);
  RawHttpClient first(port_), second(port_), third(port_);
  // The server has accepted all three once it answers on the third.
  ASSERT_TRUE(third.Send(Request("GET", "/echo")));
  ASSERT_TRUE(third.ReadResponse(kWait));
  RawHttpClient fourth(port_);
  ASSERT_TRUE(fourth.Send(Request("GET", "/echo")));
  auto r = fourth.ReadResponse(kWait);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(first.WaitForClose(kWait));
  EXPECT_EQ(Dropped(DropReason::kClientLimit), 1u);
  // Another address is another client: untouched by this one's limit.
  EXPECT_EQ(RawGet(port_, "/echo", "", "127.0.0.2")->status, 200);
  EXPECT_NE(RawGet(port_, "/echo", "", "127.0.0.2")->body.find("peer=127.0.0.2"), std::string::npos);
  ASSERT_TRUE(second.Send(Request("GET", "/echo")));
  auto still = second.ReadResponse(kWait);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
}

TEST_F(ServerTest, AtTheServerLimitTheBusiestClientMakesRoom) {
  ServerLimits limits;
  limits.max_connections = 3;
  Start(limits);
  RawHttpClient a1(port_), a2(port_);
  RawHttpClient b1(port_, "127.0.0.2");
  ASSERT_TRUE(b1.Send(Request("GET", "/echo")));
  ASSERT_TRUE(b1.ReadResponse(kWait));
  auto r = RawGet(port_, "/echo", "", "127.0.0.3");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(a1.WaitForClose(kWait));
  EXPECT_EQ(Dropped(DropReason::kServerLimit), 1u);
}

TEST_F(ServerTest, BodiesAreReadOnlyWhereARouteTakesOneAndBounded) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(
      client.Send(Request("POST", "/post", "Content-Length: 5\r\n") + "hello" + Request("GET", "/echo")));
  auto posted = client.ReadResponse(kWait);
  ASSERT_TRUE(posted);
  EXPECT_NE(posted->body.find("body=hello"), std::string::npos);
  auto next = client.ReadResponse(kWait);  // the body did not leak into the next request
  ASSERT_TRUE(next);
  EXPECT_NE(next->body.find("method=GET body= "), std::string::npos);

  RawHttpClient too_big(port_);
  ASSERT_TRUE(too_big.Send(Request("POST", "/post", "Content-Length: 17\r\n") + std::string(17, 'x')));
  EXPECT_EQ(too_big.ReadResponse(kWait)->status, 413);
  EXPECT_TRUE(too_big.WaitForClose(kWait));

  RawHttpClient get_with_body(port_);
  ASSERT_TRUE(get_with_body.Send(Request("GET", "/echo", "Content-Length: 3\r\n") + "abc"));
  EXPECT_EQ(get_with_body.ReadResponse(kWait)->status, 413);
  EXPECT_EQ(calls_, 2);
}

TEST_F(ServerTest, StateChangingRoutesRefuseBrowserCrossSiteRequests) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(
      client.Send(Request("POST", "/post", "Origin: http://evil.example\r\nContent-Type: text/plain\r\n")));
  auto r = client.ReadResponse(kWait);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, GzipWhenAskedAndTheBodyDecodesToThePlainOne) {
  Start();
  auto r = RawGet(port_, "/metrics", "Accept-Encoding: gzip\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("content-encoding"), "gzip");
  EXPECT_LT(r->body.size(), big_body_.size());
  EXPECT_EQ(lde::testing::Gunzip(r->body), big_body_);
  EXPECT_EQ(RawGet(port_, "/echo", "Accept-Encoding: gzip\r\n")->Header("content-encoding"), "");
}

TEST_F(ServerTest, AHandlerThatThrowsCostsOne500) {
  Start();
  EXPECT_EQ(RawGet(port_, "/boom")->status, 500);
  EXPECT_EQ(RawGet(port_, "/echo")->status, 200);
}

TEST_F(ServerTest, BasicAuthRightWrongAndMissing) {
  model::WebConfig config;
  config.basic_auth_users = {{"prometheus", BcryptHash("s3cret")}};
  auto security = BuildWebSecurity(config);
  ASSERT_TRUE(security.ok()) << security.error().detail;
  Start({}, security.value());
  auto missing = RawGet(port_, "/echo");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(missing->Header("www-authenticate"), "Basic realm=\"lyncdiscover_exporter\", charset=\"UTF-8\"");
  // "prometheus:wrong", "prometheus:s3cret", "nobody:s3cret"
  EXPECT_EQ(RawGet(port_, "/echo", "Authorization: Basic cHJvbWV0aGV1czp3cm9uZw==\r\n")->status, 401);
  EXPECT_EQ(RawGet(port_, "/echo", "Authorization: Basic bm9ib2R5OnMzY3JldA==\r\n")->status, 401);
  EXPECT_EQ(RawGet(port_, "/echo", "Authorization: Basic cHJvbWV0aGV1czpzM2NyZXQ=\r\n")->status, 200);
  EXPECT_EQ(RawGet(port_, "/echo", "Authorization: Basic cHJvbWV0aGV1czpzM2NyZXQ=\r\n")->status, 200);
  // Unknown paths are not revealed to strangers.
  EXPECT_EQ(RawGet(port_, "/nope")->status, 401);
  EXPECT_EQ(calls_, 2);
}

TEST_F(ServerTest, WebConfigHeadersGoOnEveryResponseAndReloadSwapsThem) {
  model::WebConfig config;
  config.headers = {{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "deny"}};
  Start({}, BuildWebSecurity(config).value());
  EXPECT_EQ(RawGet(port_, "/echo")->Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(RawGet(port_, "/nope")->Header("x-frame-options"), "deny");
  server_->SetSecurity(OpenWebSecurity());
  EXPECT_EQ(RawGet(port_, "/echo")->Header("x-frame-options"), "");
}

TEST_F(ServerTest, RateLimitAnswers429BeyondTheBurst) {
  model::WebConfig config;
  config.rate_limit = {std::chrono::hours(1), 2};
  Start({}, BuildWebSecurity(config).value());
  EXPECT_EQ(RawGet(port_, "/echo")->status, 200);
  EXPECT_EQ(RawGet(port_, "/echo")->status, 200);
  EXPECT_EQ(RawGet(port_, "/echo")->status, 429);
}

TEST_F(ServerTest, ListenErrorsAreClear) {
  Start();
  ExporterHttpServer second({"127.0.0.1:" + std::to_string(port_)}, MakeRoutes(), {}, log_, clock_);
  auto in_use = second.Start(OpenWebSecurity());
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().kind, ErrorKind::kConfig);
  EXPECT_NE(in_use.error().detail.find("cannot listen on \"127.0.0.1:" + std::to_string(port_)),
            std::string::npos);
  ExporterHttpServer bad({"127.0.0.1:0", "nonsense"}, MakeRoutes(), {}, log_, clock_);
  EXPECT_FALSE(bad.Start(OpenWebSecurity()).ok());
  auto again = server_->Start(OpenWebSecurity());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().detail.find("already started"), std::string::npos);
}

TEST_F(ServerTest, SeveralListenAddressesAndStopWithOpenConnections) {
  server_ = std::make_unique<ExporterHttpServer>(std::vector<std::string>{"127.0.0.1:0", "[::1]:0"},
                                                 MakeRoutes(), ServerLimits{}, log_, clock_);
  auto ports = server_->Start(OpenWebSecurity());
  ASSERT_TRUE(ports.ok()) << ports.error().detail;
  ASSERT_EQ(ports.value().size(), 2u);
  EXPECT_EQ(RawGet(ports.value()[0], "/echo")->status, 200);
  RawHttpClient idle(ports.value()[0]);
  ASSERT_TRUE(idle.connected());
  server_->Stop();
  EXPECT_TRUE(idle.WaitForClose(kWait));
  EXPECT_FALSE(RawHttpClient(ports.value()[0]).connected());
}

// GET /probe's kind of handler: it holds a thread of the waiting pool, never
// one that /metrics needs, and beyond the pool it is refused at once.
TEST_F(ServerTest, WaitingHandlersHaveTheirOwnPoolAndBeyondItGet503AtOnce) {
  ServerLimits limits;
  limits.workers = 1;
  limits.waiting_workers = 2;
  Start(limits);
  RawHttpClient a(port_), b(port_);
  ASSERT_TRUE(a.Send(Request("GET", "/wait")));
  ASSERT_TRUE(b.Send(Request("GET", "/wait")));
  {
    std::unique_lock<std::mutex> lock(wait_mutex_);
    ASSERT_TRUE(wait_changed_.wait_for(lock, kWait, [this] { return waiting_ == 2; }));
  }
  auto metrics = RawGet(port_, "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  auto started = std::chrono::steady_clock::now();
  auto refused = RawGet(port_, "/wait");
  ASSERT_TRUE(refused);
  EXPECT_LT(std::chrono::steady_clock::now() - started, kWait);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after"), "1");
  {
    std::lock_guard<std::mutex> lock(wait_mutex_);
    EXPECT_EQ(waiting_, 2);  // the refused request never reached the handler
    wait_released_ = true;
  }
  wait_changed_.notify_all();
  for (auto* client : {&a, &b}) {
    auto r = client->ReadResponse(kWait);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "waited\n");
  }
  auto stats = server_->Stats();
  EXPECT_EQ((stats.requests[{"/wait", 200}]), 2u);
  EXPECT_EQ((stats.requests[{"/wait", 503}]), 1u);
  // The pool is free again.
  EXPECT_EQ(RawGet(port_, "/wait")->status, 200);
}

TEST_F(ServerTest, StoppingFinishesAnAnswerUnderWay) {
  Start();
  RawHttpClient client(port_);
  ASSERT_TRUE(client.Send(Request("GET", "/slow")));
  slow_started_.get_future().wait();
  std::thread stopper([this] { server_->Stop(); });
  // Bounded wait for the stop to begin (Stop() blocks until the answer is out).
  for (int i = 0; i < 100000 && !server_->stopping(); ++i) std::this_thread::yield();
  ASSERT_TRUE(server_->stopping());
  RawHttpClient latecomer(port_);  // never served: the server is stopping
  release_slow_.set_value();
  auto r = client.ReadResponse(kWait);
  stopper.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "late\n");
  EXPECT_EQ(r->Header("connection"), "close");
  EXPECT_TRUE(latecomer.WaitForClose(kWait));
}

}  // namespace
}  // namespace lde::http
