#include "http_client/request.h"

#include <gtest/gtest.h>

namespace lde::http_client {
namespace {

TEST(SerializeRequestTest, WritesRequestLineHostUserAgentAndConnectionClose) {
  HttpRequest req;
  req.host_header = "lyncdiscover.example.com";
  req.target = "/?sipuri=user@example.com";
  req.headers = {{"Accept", "application/vnd.microsoft.rtc.autodiscover+xml;v=1"}};
  auto wire = SerializeRequest(req);
  ASSERT_TRUE(wire.ok()) << wire.error().detail;
  EXPECT_EQ(wire.value(),
            "GET /?sipuri=user@example.com HTTP/1.1\r\n"
            "Host: lyncdiscover.example.com\r\n"
            "User-Agent: lyncdiscover_exporter/0.1\r\n"
            "Accept: application/vnd.microsoft.rtc.autodiscover+xml;v=1\r\n"
            "Connection: close\r\n\r\n");
}

TEST(SerializeRequestTest, CallerUserAgentReplacesOurs) {
  HttpRequest req;
  req.host_header = "h";
  req.headers = {{"user-agent", "Polycom/6.4"}};
  auto wire = SerializeRequest(req);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire.value().find("lyncdiscover_exporter"), std::string::npos);
  EXPECT_NE(wire.value().find("user-agent: Polycom/6.4\r\n"), std::string::npos);
}

TEST(SerializeRequestTest, PostCarriesItsBodyWithContentLength) {
  HttpRequest req;
  req.method = "POST";
  req.host_header = "h";
  req.target = "/WebTicket/oauthtoken";
  req.body = "grant_type=password";
  auto wire = SerializeRequest(req);
  ASSERT_TRUE(wire.ok());
  EXPECT_NE(wire.value().find("Content-Length: 19\r\n\r\ngrant_type=password"), std::string::npos);

  req.body.clear();
  EXPECT_NE(SerializeRequest(req).value().find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(SerializeRequestTest, RejectsTextThatWouldSplitTheMessage) {
  struct Case {
    const char* name;
    HttpRequest req;
  };
  auto with = [](auto change) {
    HttpRequest r;
    r.host_header = "h";
    change(r);
    return r;
  };
  Case cases[] = {
      {"crlf_in_value", with([](HttpRequest& r) {
         r.headers = {{"X", "a\r\nInjected: 1"}};
       })},
      {"lf_in_host", with([](HttpRequest& r) { r.host_header = "h\nX: 1"; })},
      {"space_in_name", with([](HttpRequest& r) {
         r.headers = {{"Bad Name", "v"}};
       })},
      {"space_in_target", with([](HttpRequest& r) { r.target = "/a b"; })},
      {"empty_target", with([](HttpRequest& r) { r.target = ""; })},
      {"bad_method", with([](HttpRequest& r) { r.method = "GET /x"; })},
      {"reserved_host", with([](HttpRequest& r) {
         r.headers = {{"host", "other"}};
       })},
      {"reserved_connection", with([](HttpRequest& r) {
         r.headers = {{"Connection", "keep-alive"}};
       })},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto wire = SerializeRequest(c.req);
    ASSERT_FALSE(wire.ok());
    EXPECT_EQ(wire.error().kind, ErrorKind::kInternal);
  }
}

TEST(RequestTargetTest, MakesOriginForm) {
  EXPECT_EQ(RequestTarget(""), "/");
  EXPECT_EQ(RequestTarget("/"), "/");
  EXPECT_EQ(RequestTarget("Autodiscover/root"), "/Autodiscover/root");
  EXPECT_EQ(RequestTarget("?a=b"), "/?a=b");
  EXPECT_EQ(RequestTarget("/x?y=1#frag"), "/x?y=1");
  EXPECT_EQ(RequestTarget("#only"), "/");
}

TEST(HostHeaderTest, OmitsDefaultPortsAndBracketsIpv6) {
  EXPECT_EQ(HostHeader("lync.example.com", 443, true), "lync.example.com");
  EXPECT_EQ(HostHeader("lync.example.com", 80, true), "lync.example.com:80");
  EXPECT_EQ(HostHeader("lync.example.com", 80, false), "lync.example.com");
  EXPECT_EQ(HostHeader("lync.example.com", 4443, true), "lync.example.com:4443");
  EXPECT_EQ(HostHeader("2001:db8::1", 443, true), "[2001:db8::1]");
  EXPECT_EQ(HostHeader("[::1]", 8080, false), "[::1]:8080");
}

}  // namespace
}  // namespace lde::http_client
