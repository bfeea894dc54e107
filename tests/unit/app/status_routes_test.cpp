// GET / and GET /status through the routes: which format each request gets,
// the headers that keep a browser from running anything, and 404 for a
// target that is not configured.
#include "app/status_routes.h"

#include <gtest/gtest.h>

#include "app/result_json.h"

namespace lde::app {
namespace {

constexpr const char* kBrowser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

http::HttpRequest Get(std::string path, std::string query = "",
                      std::optional<std::string> accept = std::nullopt) {
  http::HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.query = std::move(query);
  if (accept) r.headers.emplace_back("Accept", *accept);
  return r;
}

StatusView View() {
  StatusView view;
  auto r = std::make_shared<model::ProbeResult>();
  r->target = "contoso.test";
  r->kind = "lync";
  r->log = {"a log line"};
  view.results.push_back(r);
  view.configured = {"contoso.test", "pending"};
  view.version = "1.2.3";
  return view;
}

class StatusRoutesTest : public ::testing::Test {
 protected:
  http::HttpResponse Call(const http::HttpRequest& request) {
    for (const auto& route : routes_) {
      if (route.path == request.path) return route.handler(request);
    }
    ADD_FAILURE() << "no route " << request.path;
    return {};
  }
  static std::string Header(const http::HttpResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  }

  Options options_;
  std::vector<http::Route> routes_ = StatusRoutes(options_, [] { return View(); });
};

TEST(ChooseStatusFormatTest, QueryThenAcceptThenJsonForAllAndHtmlForOne) {
  struct Case {
    std::string query;
    std::optional<std::string> accept;
    bool one_target;
    std::optional<StatusFormat> format;
  } cases[] = {
      {"", std::nullopt, false, StatusFormat::kJson},  // curl, scripts, the tests: as before
      {"", "*/*", false, StatusFormat::kJson},
      {"", "application/json", false, StatusFormat::kJson},
      {"", kBrowser, false, StatusFormat::kHtml},  // a browser prefers text/html
      {"", "text/html;q=0.5, application/json", false, StatusFormat::kJson},
      {"target=x", std::nullopt, true, StatusFormat::kHtml},
      {"target=x", "*/*", true, StatusFormat::kHtml},
      {"target=x", "application/json", true, StatusFormat::kJson},
      {"target=x", kBrowser, true, StatusFormat::kHtml},
      {"target=x&format=json", kBrowser, true, StatusFormat::kJson},  // the query wins
      {"format=html", "application/json", false, StatusFormat::kHtml},
      {"format=xml", std::nullopt, false, std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query + " / " + c.accept.value_or("<no Accept>"));
    EXPECT_EQ(ChooseStatusFormat(Get("/status", c.query, c.accept), c.one_target), c.format);
  }
}

TEST_F(StatusRoutesTest, PlainStatusStaysTheJsonOfEveryResult) {
  auto r = Call(Get("/status"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.body, ResultsToJson(View().results));
  EXPECT_EQ(Header(r, "Vary"), "Accept");
  EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StatusRoutesTest, PagesCarryTheirTypeNosniffAndTheCsp) {
  for (const auto& request :
       {Get("/"), Get("/status", "", kBrowser), Get("/status", "target=contoso.test")}) {
    SCOPED_TRACE(request.path + "?" + request.query);
    auto r = Call(request);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(r.body.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(Header(r, "Content-Security-Policy"), StatusPageContentSecurityPolicy());
    EXPECT_EQ(Header(r, "Content-Security-Policy").rfind("default-src 'none'; style-src 'sha256-", 0), 0u);
  }
  EXPECT_TRUE(routes_[0].compressible);
  EXPECT_TRUE(routes_[1].compressible);
}

TEST_F(StatusRoutesTest, OneTargetAsHtmlOrJson) {
  auto html = Call(Get("/status", "target=contoso.test"));
  EXPECT_NE(html.body.find("a log line"), std::string::npos);
  auto json = Call(Get("/status", "target=contoso.test", "application/json"));
  EXPECT_EQ(json.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(json.body, ResultsToJson(View().results));
  EXPECT_EQ(Call(Get("/status", "target=contoso.test&format=json")).body, json.body);
  // Configured, not probed yet: nothing to show, but not unknown.
  EXPECT_EQ(Call(Get("/status", "target=pending")).status, 200);
  EXPECT_EQ(Call(Get("/status", "target=pending&format=json")).body, ResultsToJson({}));
}

TEST_F(StatusRoutesTest, UnknownTargetIs404WithAClearMessage) {
  auto html = Call(Get("/status", "target=%3Cb%3Enope"));
  EXPECT_EQ(html.status, 404);
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  EXPECT_NE(html.body.find(
                "No target or deployment named <strong>&ldquo;&lt;b&gt;nope&rdquo;</strong> is configured"),
            std::string::npos)
      << html.body;
  auto json = Call(Get("/status", "target=nope&format=json"));
  EXPECT_EQ(json.status, 404);
  EXPECT_EQ(json.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(json.body, "{\"error\":\"no target or deployment named \\\"nope\\\" is configured\"}\n");
  EXPECT_EQ(Call(Get("/status", "format=yaml")).status, 400);
}

}  // namespace
}  // namespace lde::app
