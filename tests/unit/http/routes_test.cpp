#include "http/routes.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

TEST(MatchRouteTest, RoutesByMethodAndPath) {
  struct Case {
    const char* method;
    const char* path;
    RouteMatch want;
  } cases[] = {
      {"GET", "/", {Route::kLanding, ""}},
      {"GET", "/metrics", {Route::kMetrics, ""}},
      {"HEAD", "/metrics", {Route::kMetrics, ""}},
      {"GET", "/-/healthy", {Route::kHealthy, ""}},
      {"GET", "/status", {Route::kStatus, ""}},
      {"POST", "/-/reload", {Route::kReload, ""}},
      {"GET", "/-/reload", {Route::kMethodNotAllowed, "POST"}},
      {"PUT", "/-/reload", {Route::kMethodNotAllowed, "POST"}},
      {"POST", "/metrics", {Route::kMethodNotAllowed, "GET, HEAD"}},
      {"DELETE", "/", {Route::kMethodNotAllowed, "GET, HEAD"}},
      {"GET", "/metrics/", {Route::kNotFound, ""}},
      {"GET", "/Metrics", {Route::kNotFound, ""}},
      {"POST", "/nope", {Route::kNotFound, ""}},
      {"GET", "", {Route::kNotFound, ""}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.method) + " " + c.path);
    EXPECT_EQ(MatchRoute(c.method, c.path), c.want);
  }
}

TEST(RequestChecksTest, OnlyHttp1VersionsAreSupported) {
  EXPECT_TRUE(IsSupportedHttpVersion("HTTP/1.1"));
  EXPECT_TRUE(IsSupportedHttpVersion("HTTP/1.0"));
  EXPECT_FALSE(IsSupportedHttpVersion("HTTP/2.0"));
  EXPECT_FALSE(IsSupportedHttpVersion("FTP/9.9"));
  EXPECT_FALSE(IsSupportedHttpVersion(""));
}

TEST(RequestChecksTest, FieldNamesMustBeTokens) {
  EXPECT_TRUE(IsToken("Content-Type"));
  EXPECT_TRUE(IsToken("X-Odd!#$%&'*+.^_`|~"));
  EXPECT_FALSE(IsToken(""));
  EXPECT_FALSE(IsToken("Bad Name"));
  EXPECT_FALSE(IsToken("a:b"));
  EXPECT_FALSE(IsToken("caf\xc3\xa9"));
}

}  // namespace
}  // namespace lde::http
