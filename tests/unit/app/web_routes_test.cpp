// The exporter's routes without sockets: what each path answers, and that
// the lifecycle endpoints do nothing unless --web.enable-lifecycle.
#include "app/web_routes.h"

#include <gtest/gtest.h>

#include <atomic>

namespace lde::app {
namespace {

struct Calls {
  std::atomic<int> reloads{0}, quits{0}, probes{0};
  ReloadOutcome next{true, 0};
  bool ready = false;
};

http::Router Routes(Calls& calls, Options options = {}) {
  WebHandlers h;
  h.metrics = [] { return http::BodyStream{[](ByteSink& out) { out.Write("up 1\n"); }}; };
  h.status = [] { return StatusView{}; };
  h.reload = [&calls] {
    ++calls.reloads;
    return calls.next;
  };
  h.ready = [&calls] { return calls.ready; };
  h.quit = [&calls] { ++calls.quits; };
  h.probe = [&calls](const http::HttpRequest& request) {
    ++calls.probes;
    return http::TextResponse(200, "probed " + request.query);
  };
  return MakeRouter(options, h);
}

http::HttpResponse Call(const http::Router& router, const std::string& method, const std::string& path,
                        const std::string& query = "") {
  auto lookup = router.Match(method, path);
  if (!lookup.route) return http::TextResponse(lookup.status, "");
  http::HttpRequest request;
  request.method = method;
  request.path = path;
  request.query = query;
  return lookup.route->handler(request);
}

TEST(WebRoutesTest, LifecycleOffRefusesReloadAndQuitWith403AndDoesNothing) {
  Calls calls;
  auto router = Routes(calls);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(Call(router, "POST", "/-/reload").status, 403);
    EXPECT_EQ(Call(router, "PUT", "/-/quit").status, 403);
  }
  EXPECT_EQ(calls.reloads, 0);
  EXPECT_EQ(calls.quits, 0);
  EXPECT_EQ(Call(router, "GET", "/-/reload").status, 405);  // never by GET
}

TEST(WebRoutesTest, LifecycleOnReloadsAndReportsOnlyTheErrorCount) {
  Calls calls;
  Options options;
  options.enable_lifecycle = true;
  auto router = Routes(calls, options);
  auto ok = Call(router, "POST", "/-/reload");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "configuration reloaded\n");
  calls.next = {false, 3};
  auto bad = Call(router, "POST", "/-/reload");
  EXPECT_EQ(bad.status, 500);
  EXPECT_EQ(bad.body, "configuration reload failed: 3 errors; the exporter's log has the details\n");
  EXPECT_EQ(calls.reloads, 2);
  EXPECT_EQ(Call(router, "POST", "/-/quit").status, 200);
  EXPECT_EQ(calls.quits, 1);
  // Both refuse a browser's cross-site request and read at most a small body.
  auto lookup = router.Match("POST", "/-/reload");
  EXPECT_TRUE(lookup.route->refuse_cross_site);
  EXPECT_LE(lookup.route->max_body_bytes, 1024u);
}

TEST(WebRoutesTest, ProbeIsAGetOnTheWaitingPool) {
  Calls calls;
  auto router = Routes(calls);
  auto r = Call(router, "GET", "/probe", "target=a");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "probed target=a");
  EXPECT_EQ(calls.probes, 1);
  EXPECT_EQ(Call(router, "POST", "/probe").status, 405);
  auto lookup = router.Match("GET", "/probe");
  ASSERT_NE(lookup.route, nullptr);
  // It may wait for a probe: it must not hold the threads /metrics needs.
  EXPECT_TRUE(lookup.route->waits);
  EXPECT_FALSE(router.Match("GET", "/metrics").route->waits);
  EXPECT_FALSE(lookup.route->refuse_cross_site);  // it changes nothing but the stored result
  EXPECT_EQ(lookup.route->max_body_bytes, 0u);
}

TEST(WebRoutesTest, ReadyFollowsTheDaemon) {
  Calls calls;
  auto router = Routes(calls);
  EXPECT_EQ(Call(router, "GET", "/-/ready").status, 503);
  calls.ready = true;
  EXPECT_EQ(Call(router, "GET", "/-/ready").status, 200);
  EXPECT_EQ(Call(router, "GET", "/-/healthy").status, 200);
}

TEST(WebRoutesTest, MetricsAtTheTelemetryPathCompressibleAndLinkedFromTheLandingPage) {
  Calls calls;
  Options options;
  options.telemetry_path = "/lync/metrics";
  auto router = Routes(calls, options);
  EXPECT_EQ(Call(router, "GET", "/metrics").status, 404);
  auto metrics = Call(router, "GET", "/lync/metrics");
  ASSERT_TRUE(metrics.stream);  // written while sent (the server runs it)
  std::string streamed;
  StringSink sink(streamed);
  metrics.stream.write(sink);
  EXPECT_EQ(streamed, "up 1\n");
  EXPECT_EQ(metrics.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(router.Match("GET", "/lync/metrics").route->compressible);
  EXPECT_NE(Call(router, "GET", "/").body.find("href=\"/lync/metrics\""), std::string::npos);
  EXPECT_EQ(Call(router, "GET", "/status").content_type, "application/json; charset=utf-8");
}

}  // namespace
}  // namespace lde::app
