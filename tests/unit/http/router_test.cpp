#include "http/router.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

Router MakeTestRouter() {
  auto ok = [](const HttpRequest&) { return TextResponse(200, "ok"); };
  Route reload{"/-/reload", {"POST", "PUT"}, ok};
  reload.refuse_cross_site = true;
  return Router({{"/metrics", {"GET"}, ok}, reload});
}

TEST(RouterTest, GetRoutesAlsoAnswerHead) {
  Router router = MakeTestRouter();
  EXPECT_EQ(router.Match("GET", "/metrics").status, 200);
  EXPECT_EQ(router.Match("HEAD", "/metrics").route->path, "/metrics");
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router = MakeTestRouter();
  RouteLookup get_reload = router.Match("GET", "/-/reload");
  EXPECT_EQ(get_reload.status, 405);
  EXPECT_EQ(get_reload.allow, "POST, PUT");
  EXPECT_EQ(router.Match("POST", "/metrics").allow, "GET, HEAD");
  EXPECT_EQ(router.Match("PUT", "/-/reload").status, 200);
}

TEST(RouterTest, UnknownPathIs404) {
  Router router = MakeTestRouter();
  EXPECT_EQ(router.Match("GET", "/nope").status, 404);
  EXPECT_EQ(router.Match("GET", "/metrics/").status, 404);
  EXPECT_EQ(router.Match("GET", "/METRICS").status, 404);
}

TEST(CrossSiteTest, BrowserCrossOriginRequestsAreRecognised) {
  struct Case {
    HeaderList headers;
    bool cross;
  } cases[] = {
      {{{"Host", "127.0.0.1:9863"}}, false},  // curl, Prometheus
      {{{"Host", "127.0.0.1:9863"}, {"Origin", "http://127.0.0.1:9863"}}, false},
      {{{"Host", "Exporter:9863"}, {"Origin", "https://exporter:9863"}}, false},
      {{{"Host", "127.0.0.1:9863"}, {"Origin", "http://evil.example"}}, true},
      {{{"Host", "127.0.0.1:9863"}, {"Origin", "null"}}, true},
      {{{"Host", "127.0.0.1:9863"}, {"Sec-Fetch-Site", "cross-site"}}, true},
      {{{"Host", "127.0.0.1:9863"}, {"Sec-Fetch-Site", "same-site"}}, true},
      {{{"Host", "127.0.0.1:9863"}, {"Sec-Fetch-Site", "same-origin"}}, false},
      {{{"Host", "127.0.0.1:9863"}, {"Sec-Fetch-Site", "none"}}, false},
  };
  for (const auto& c : cases) {
    HttpRequest r;
    r.headers = c.headers;
    SCOPED_TRACE(c.headers.back().first + ": " + c.headers.back().second);
    EXPECT_EQ(IsCrossSiteRequest(r), c.cross);
  }
}

}  // namespace
}  // namespace lde::http
