#include "http/request_parser.h"

#include <gtest/gtest.h>

namespace lde::http {
namespace {

const RequestLimits kLimits;

ParsedHead Parsed(std::string_view head) {
  auto r = ParseRequestHead(head, kLimits);
  if (auto* e = std::get_if<RequestError>(&r)) {
    ADD_FAILURE() << "refused: " << e->status << " " << e->reason;
    return {};
  }
  return std::get<ParsedHead>(r);
}

RequestError Refused(std::string_view head, const RequestLimits& limits = kLimits) {
  auto r = ParseRequestHead(head, limits);
  if (auto* e = std::get_if<RequestError>(&r)) return *e;
  ADD_FAILURE() << "accepted: " << head;
  return {};
}

TEST(FindHeadEndTest, FindsCrlfAndBareLfTerminators) {
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY", 0), 27u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.0\n\nrest", 0), 16u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: a\r\n", 0), std::string_view::npos);
  EXPECT_EQ(FindHeadEnd("", 0), std::string_view::npos);
}

TEST(FindHeadEndTest, ResumingFromThePreviousScanFindsATerminatorSplitAcrossReads) {
  std::string buffer = "GET / HTTP/1.1\r\nHost: a\r\n\r";
  EXPECT_EQ(FindHeadEnd(buffer, 0), std::string_view::npos);
  std::size_t scanned = buffer.size();
  buffer += "\n";
  EXPECT_EQ(FindHeadEnd(buffer, scanned - 3), buffer.size());
}

TEST(ParseRequestHeadTest, ParsesRequestLineFieldsAndTarget) {
  ParsedHead p =
      Parsed("GET /metrics?debug=true&x=1 HTTP/1.1\r\nHost: h:1\r\nAccept-Encoding:  gzip \r\n\r\n");
  EXPECT_EQ(p.request.method, "GET");
  EXPECT_EQ(p.request.path, "/metrics");
  EXPECT_EQ(p.request.query, "debug=true&x=1");
  EXPECT_EQ(p.request.minor_version, 1);
  EXPECT_EQ(p.request.Header("accept-encoding"), "gzip");
  EXPECT_EQ(p.request.Header("HOST"), "h:1");
  EXPECT_FALSE(p.request.Header("Authorization"));
  EXPECT_EQ(p.content_length, 0u);
}

TEST(ParseRequestHeadTest, AbsoluteFormTargetUsesItsPath) {
  ParsedHead p = Parsed("GET http://h:9863/status?x HTTP/1.1\r\nHost: h:9863\r\n\r\n");
  EXPECT_EQ(p.request.path, "/status");
  EXPECT_EQ(p.request.query, "x");
  EXPECT_EQ(Parsed("GET http://h HTTP/1.1\r\nHost: h\r\n\r\n").request.path, "/");
}

TEST(ParseRequestHeadTest, Http10NeedsNoHostAndLeadingEmptyLinesAreIgnored) {
  ParsedHead p = Parsed("\r\nGET / HTTP/1.0\r\n\r\n");
  EXPECT_EQ(p.request.minor_version, 0);
  EXPECT_FALSE(p.request.WantsKeepAlive());
}

TEST(ParseRequestHeadTest, ContentLengthIsRead) {
  EXPECT_EQ(Parsed("POST /-/reload HTTP/1.1\r\nHost: h\r\nContent-Length: 12\r\n\r\n").content_length, 12u);
}

TEST(ParseRequestHeadTest, RefusesWhatRfc9112Forbids) {
  struct Case {
    const char* head;
    int status;
  } cases[] = {
      {"GARBAGE\r\n\r\n", 400},
      {"GET /\r\n\r\n", 400},
      {"GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n", 400},
      {"GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET / FTP/9.9\r\nHost: h\r\n\r\n", 400},
      {"GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505},
      {"GET / HTTP/1.1\r\n\r\n", 400},                        // no Host
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},  // two Hosts
      {"GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
      {"GET nopath HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: h\r\n\r\n", 400},
      {"\r\n\r\n", 400},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.head);
    EXPECT_EQ(Refused(c.head).status, c.status);
  }
}

TEST(ParseRequestHeadTest, BoundsOnSizeAndFieldCount) {
  RequestLimits small;
  small.max_head_bytes = 64;
  small.max_fields = 2;
  std::string big = "GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(64, 'a') + "\r\n\r\n";
  EXPECT_EQ(Refused(big, small).status, 431);
  EXPECT_EQ(Refused("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", small).status, 431);
}

TEST(HttpRequestTest, KeepAliveFollowsVersionAndConnectionHeader) {
  HttpRequest r;
  r.minor_version = 1;
  EXPECT_TRUE(r.WantsKeepAlive());
  r.headers = {{"connection", "Upgrade, Close"}};
  EXPECT_FALSE(r.WantsKeepAlive());
  r.minor_version = 0;
  r.headers = {{"Connection", "keep-alive"}};
  EXPECT_TRUE(r.WantsKeepAlive());
}

}  // namespace
}  // namespace lde::http
