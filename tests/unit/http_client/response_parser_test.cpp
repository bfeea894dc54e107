#include "http_client/response_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace lde::http_client {
namespace {

using State = HttpResponseParser::State;

struct Case {
  const char* name;
  std::string input;
  bool eof = false;  // call Finish() after the input
  std::size_t max_body = 1024;
  bool head = false;
  State state = State::kDone;
  int status = 200;
  std::string body;
  bool truncated = false;
  std::string error_contains = {};  // for kError
};

std::string Big(std::size_t n) { return std::string(n, 'x'); }

std::string WithNul() {
  static constexpr char kText[] = "HTTP/1.1 200 OK\r\nX: a\0b\r\n\r\n";
  return std::string(kText, sizeof(kText) - 1);
}

std::vector<Case> Cases() {
  return {
      {"content_length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 1024, false,
       State::kDone, 200, "hello"},
      {"content_length_zero", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, 1024, false,
       State::kDone, 200, ""},
      {"content_length_list_of_equal_values", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok", false,
       1024, false, State::kDone, 200, "ok"},
      {"content_length_waits_for_the_rest", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhel", false, 1024,
       false, State::kNeedMore, 200, "hel"},
      {"chunked",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", false,
       1024, false, State::kDone, 200, "hello world"},
      {"chunked_with_extensions_and_trailers",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
       "5 ;name=value;x=\"q\"\r\nhello\r\nA\r\n0123456789\r\n0;last\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\n",
       false, 1024, false, State::kDone, 200, "hello0123456789"},
      {"transfer_encoding_wins_over_content_length",
       "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
       false, 1024, false, State::kDone, 200, "ok"},
      {"until_eof", "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", true, 1024, false,
       State::kDone, 200, "all of it"},
      {"until_eof_needs_the_close", "HTTP/1.1 200 OK\r\n\r\nsome", false, 1024, false, State::kNeedMore, 200,
       "some"},
      {"non_chunked_transfer_coding_reads_until_eof", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nzz",
       true, 1024, false, State::kDone, 200, "zz"},
      {"truncated_content_length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", false, 4, false,
       State::kDone, 200, "0123", true},
      {"body_exactly_at_the_limit_is_not_truncated", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n0123",
       false, 4, false, State::kDone, 200, "0123", false},
      {"truncated_chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n",
       false, 5, false, State::kDone, 200, "abcde", true},
      {"truncated_until_eof", "HTTP/1.1 200 OK\r\n\r\n" + Big(100), false, 10, false, State::kDone, 200,
       Big(10), true},
      {"interim_100_continue_skipped",
       "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
       "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
       false, 1024, false, State::kDone, 201, "ok"},
      {"no_body_for_204", "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n", false, 1024, false,
       State::kDone, 204, ""},
      {"no_body_for_304", "HTTP/1.1 304 Not Modified\r\n\r\n", false, 1024, false, State::kDone, 304, ""},
      {"no_body_for_head", "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n", false, 1024, true, State::kDone,
       200, ""},
      {"bare_lf_line_endings", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false, 1024, false, State::kDone,
       200, "ok"},
      {"status_without_reason", "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n", false, 1024, false, State::kDone,
       404, ""},
      {"malformed_status_line", "HTTP/1.1 2OO OK\r\n\r\n", false, 1024, false, State::kError, 0, "", false,
       "status line"},
      {"not_http_at_all", "SSH-2.0-OpenSSH_9.2\r\n\r\n", false, 1024, false, State::kError, 0, "", false,
       "status line"},
      {"http2_version_on_this_wire", "HTTP/2 200\r\n\r\n", false, 1024, false, State::kError, 0, "", false,
       "status line"},
      {"four_digit_status", "HTTP/1.1 2000 OK\r\n\r\n", false, 1024, false, State::kError, 0, "", false,
       "status line"},
      {"bad_chunk_size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, 1024, false,
       State::kError, 200, "", false, "chunk size"},
      {"chunk_size_overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
       false, 1024, false, State::kError, 200, "", false, "chunk size"},
      {"chunk_without_crlf", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX", false, 1024,
       false, State::kError, 200, "ok", false, "CRLF"},
      {"chunk_line_too_long",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + Big(HttpResponseParser::kMaxChunkLine),
       false, 1024, false, State::kError, 200, "", false, "too long"},
      {"header_section_too_large",
       "HTTP/1.1 200 OK\r\nX-Big: " + Big(HttpResponseParser::kMaxHeaderBytes) + "\r\n", false, 1024, false,
       State::kError, 200, "", false, "header section"},
      {"many_headers_too_large",
       [] {
         std::string s = "HTTP/1.1 200 OK\r\n";
         for (int i = 0; i < 8000; ++i) s += "X-H" + std::to_string(i) + ": v\r\n";
         return s;
       }(),
       false, 1024, false, State::kError, 200, "", false, "header section"},
      {"header_without_colon", "HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n", false, 1024, false, State::kError,
       200, "", false, "header field"},
      {"space_before_colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", false, 1024, false,
       State::kError, 200, "", false, "header field"},
      {"fold_before_any_header", "HTTP/1.1 200 OK\r\n  orphan\r\n\r\n", false, 1024, false, State::kError,
       200, "", false, "continuation"},
      {"nul_in_header", WithNul(), false, 1024, false, State::kError, 200, "", false, "control"},
      {"conflicting_content_lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
       false, 1024, false, State::kError, 200, "", false, "Content-Length"},
      {"negative_content_length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, 1024, false,
       State::kError, 200, "", false, "Content-Length"},
      {"eof_before_anything", "", true, 1024, false, State::kError, 0, "", false, "before any response"},
      {"eof_inside_headers", "HTTP/1.1 200 OK\r\nServer: x", true, 1024, false, State::kError, 200, "", false,
       "inside the response headers"},
      {"eof_inside_content_length_body", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhel", true, 1024, false,
       State::kError, 200, "hel", false, "short of Content-Length"},
      {"eof_inside_chunked_body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", true, 1024,
       false, State::kError, 200, "hel", false, "chunked"},
      {"bytes_after_the_response_are_ignored", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500",
       false, 1024, false, State::kDone, 200, "ok"},
  };
}

struct Outcome {
  State state;
  model::HttpObservation response;
  Error error;
};

Outcome ParseInPieces(const Case& c, std::size_t piece) {
  HttpResponseParser parser(c.max_body, c.head);
  std::string_view rest = c.input;
  State state = parser.state();
  while (!rest.empty()) {
    state = parser.Feed(rest.substr(0, piece));
    rest.remove_prefix(std::min(piece, rest.size()));
  }
  if (c.eof) state = parser.Finish();
  EXPECT_EQ(state, parser.state());
  return {state, parser.response(), parser.state() == State::kError ? parser.error() : Error{}};
}

TEST(HttpResponseParserTest, Table) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.name);
    Outcome out = ParseInPieces(c, c.input.size() + 1);
    ASSERT_EQ(out.state, c.state) << out.error.detail;
    EXPECT_EQ(out.response.status, c.status);
    EXPECT_EQ(out.response.body, c.body);
    EXPECT_EQ(out.response.body_truncated, c.truncated);
    if (c.state == State::kError) {
      EXPECT_EQ(out.error.kind, ErrorKind::kHttpProtocol);
      EXPECT_NE(out.error.detail.find(c.error_contains), std::string::npos) << out.error.detail;
    }
  }
}

TEST(HttpResponseParserTest, AnySplitGivesTheSameResult) {
  for (const auto& c : Cases()) {
    SCOPED_TRACE(c.name);
    Outcome whole = ParseInPieces(c, c.input.size() + 1);
    for (std::size_t piece : {1u, 2u, 3u, 7u, 64u}) {
      SCOPED_TRACE(piece);
      Outcome split = ParseInPieces(c, piece);
      EXPECT_EQ(split.state, whole.state);
      EXPECT_EQ(split.response, whole.response);
      EXPECT_EQ(split.error, whole.error);
    }
  }
}

model::HttpObservation ParseDone(const std::string& input) {
  HttpResponseParser parser(1024);
  EXPECT_EQ(parser.Feed(input), State::kDone) << parser.error().detail;
  return parser.response();
}

TEST(HttpResponseParserTest, KeepsReasonAndHeaderNamesAsReceived) {
  auto r =
      ParseDone("HTTP/1.1 401 Unauthorized Here\r\ncontent-TYPE:  text/html \r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.reason, "Unauthorized Here");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[0].first, "content-TYPE");
  EXPECT_EQ(r.headers[0].second, "text/html");
  EXPECT_EQ(r.Header("Content-Type"), "text/html");
}

TEST(HttpResponseParserTest, RepeatedWwwAuthenticateStaySeparate) {
  auto r = ParseDone(
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM\r\n"
      "WWW-Authenticate: Negotiate\r\nWWW-Authenticate: MsRtcOAuth "
      "href=\"https://x/token\",grant_type=\"a,b\"\r\n"
      "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(r.HeaderValues("www-authenticate"),
            (std::vector<std::string>{"NTLM", "Negotiate",
                                      "MsRtcOAuth href=\"https://x/token\",grant_type=\"a,b\""}));
}

TEST(HttpResponseParserTest, ObsFoldJoinsContinuationLinesWithOneSpace) {
  auto r =
      ParseDone("HTTP/1.1 200 OK\r\nX-Long: first\r\n   second\r\n\tthird  \r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(r.Header("X-Long"), "first second third");
}

TEST(HttpResponseParserTest, InterimResponseHeadersAreDropped) {
  auto r = ParseDone(
      "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_FALSE(r.Header("Link").has_value());
  EXPECT_EQ(r.status, 200);
}

TEST(HttpResponseParserTest, TrailerFieldsFollowTheHeaderFields) {
  auto r = ParseDone(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Checksum: abc\r\n  "
      "def\r\n\r\n");
  ASSERT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"X-Checksum", "abc def"}));
}

TEST(HttpResponseParserTest, TrailerSectionHasItsOwnBound) {
  HttpResponseParser parser(1024);
  parser.Feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: ");
  EXPECT_EQ(parser.Feed(Big(HttpResponseParser::kMaxHeaderBytes)), State::kError);
  EXPECT_NE(parser.error().detail.find("header section"), std::string::npos);
}

TEST(HttpResponseParserTest, FeedAfterTheEndChangesNothing) {
  HttpResponseParser parser(1024);
  ASSERT_EQ(parser.Feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), State::kDone);
  EXPECT_EQ(parser.Feed("more"), State::kDone);
  EXPECT_EQ(parser.Finish(), State::kDone);
  EXPECT_EQ(parser.response().body, "ok");
}

TEST(HttpResponseParserTest, ZeroBodyLimitStillReadsHeaders) {
  HttpResponseParser parser(0);
  ASSERT_EQ(parser.Feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"), State::kDone);
  EXPECT_EQ(parser.response().body, "");
  EXPECT_TRUE(parser.response().body_truncated);
}

TEST(HttpResponseParserTest, TakeResponseMovesTheWholeResponseOut) {
  HttpResponseParser parser(1024);
  ASSERT_EQ(parser.Feed("HTTP/1.1 201 Created\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nok"), State::kDone);
  const model::HttpObservation copy = parser.response();
  model::HttpObservation taken = parser.TakeResponse();
  EXPECT_EQ(taken, copy);
  EXPECT_EQ(taken.status, 201);
  EXPECT_EQ(taken.body, "ok");
  EXPECT_TRUE(parser.response().body.empty());
}

TEST(HttpResponseParserTest, ReusedBodyBufferKeepsItsStorageAndDropsItsContent) {
  std::string buffer(4096, 's');  // a previous answer's body
  const char* storage = buffer.data();
  HttpResponseParser parser(1024);
  parser.ReuseBodyBuffer(std::move(buffer));
  ASSERT_EQ(parser.Feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"),
            State::kDone);
  model::HttpObservation response = parser.TakeResponse();
  EXPECT_EQ(response.body, "abcde");
  EXPECT_EQ(response.body.data(), storage);  // written in place: no new allocation
  EXPECT_GE(response.body.capacity(), 4096u);
}

TEST(HttpResponseParserTest, ReusedBodyBufferDoesNotCountAgainstTheBodyLimit) {
  HttpResponseParser parser(3);
  parser.ReuseBodyBuffer(std::string(100, 's'));
  ASSERT_EQ(parser.Feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"), State::kDone);
  EXPECT_EQ(parser.response().body, "hel");
  EXPECT_TRUE(parser.response().body_truncated);
}

}  // namespace
}  // namespace lde::http_client

namespace lde::http_client {
namespace {

// Deterministic mutation fuzzing: whatever the bytes and however they are
// split, the parser settles on kDone or kError and honours max_body.
TEST(HttpResponseParserTest, MutatedInputAlwaysSettlesWithinBounds) {
  const std::vector<Case> seeds = Cases();
  std::uint32_t rng = 12345;
  auto next = [&rng] {
    rng = rng * 1664525u + 1013904223u;  // LCG: reproducible without <random> engines
    return rng >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string input = seeds[next() % seeds.size()].input;
    if (input.empty() || input.size() > 4096) continue;  // the big seeds only test bounds, covered above
    for (int m = 0, n = 1 + static_cast<int>(next() % 4); m < n; ++m) {
      std::size_t at = next() % input.size();
      switch (next() % 3) {
        case 0:
          input[at] = static_cast<char>(next() & 0xff);
          break;
        case 1:
          input.erase(at, 1 + next() % 8);
          break;
        default:
          input.insert(at, std::string(1 + next() % 4, static_cast<char>(next() & 0xff)));
          break;
      }
      if (input.empty()) input = "H";
    }
    const std::size_t max_body = next() % 64;
    // Half the rounds with a wire budget small enough to end some parses.
    const std::size_t max_wire = next() % 2 ? HttpResponseParser::WireBudget(max_body) : next() % 512;
    HttpResponseParser parser(max_body, false, max_wire);
    std::string_view rest = input;
    while (!rest.empty()) {
      std::size_t piece = 1 + next() % 16;
      parser.Feed(rest.substr(0, piece));
      rest.remove_prefix(std::min(piece, rest.size()));
    }
    State end = parser.Finish();
    ASSERT_NE(end, State::kNeedMore) << input;
    EXPECT_LE(parser.response().body.size(), max_body);
    EXPECT_LE(parser.wire_bytes(), max_wire);
    if (end == State::kError) {
      EXPECT_EQ(parser.error().kind, ErrorKind::kHttpProtocol);
      EXPECT_FALSE(parser.error().detail.empty());
    }
  }
}

}  // namespace
}  // namespace lde::http_client

namespace lde::http_client {
namespace {

// The wire budget: every byte of the response counts, crossing it is a
// protocol error however the bytes are split, and the default leaves room for
// any response the other bounds accept.

std::string ChunkedWithEverything() {
  return "HTTP/1.1 100 Continue\r\n\r\n"
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5;ext=\"v\"\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
}

Outcome ParseWithBudget(std::string_view input, std::size_t max_wire, std::size_t piece) {
  HttpResponseParser parser(1024, false, max_wire);
  while (!input.empty()) {
    parser.Feed(input.substr(0, piece));
    input.remove_prefix(std::min(piece, input.size()));
  }
  return {parser.state(), parser.response(), parser.error()};
}

TEST(HttpResponseParserWireBudgetTest, EveryByteCountsUpToTheLast) {
  const std::string input = ChunkedWithEverything();
  HttpResponseParser exact(1024, false, input.size());
  ASSERT_EQ(exact.Feed(input), State::kDone) << exact.error().detail;
  EXPECT_EQ(exact.wire_bytes(), input.size());
  EXPECT_EQ(exact.response().body, "hello world");

  HttpResponseParser short_by_one(1024, false, input.size() - 1);
  ASSERT_EQ(short_by_one.Feed(input), State::kError);
  EXPECT_EQ(short_by_one.error().kind, ErrorKind::kHttpProtocol);
  EXPECT_NE(short_by_one.error().detail.find("wire budget of " + std::to_string(input.size() - 1)),
            std::string::npos)
      << short_by_one.error().detail;
  EXPECT_EQ(short_by_one.wire_bytes(), input.size() - 1);
}

TEST(HttpResponseParserWireBudgetTest, AnySplitGivesTheSameResult) {
  const std::string input = ChunkedWithEverything();
  for (std::size_t budget : {std::size_t{0}, std::size_t{1}, std::size_t{20}, std::size_t{70},
                             input.size() - 1, input.size(), input.size() + 1}) {
    SCOPED_TRACE(budget);
    Outcome whole = ParseWithBudget(input, budget, input.size());
    for (std::size_t piece : {1u, 2u, 5u, 13u}) {
      SCOPED_TRACE(piece);
      Outcome split = ParseWithBudget(input, budget, piece);
      EXPECT_EQ(split.state, whole.state);
      EXPECT_EQ(split.response, whole.response);
      EXPECT_EQ(split.error, whole.error);
    }
  }
}

TEST(HttpResponseParserWireBudgetTest, ChunkExtensionsCountAgainstTheDefaultBudget) {
  // One body byte behind a 4,000-byte extension, over and over: each line is
  // within kMaxChunkLine and the body stays far below max_body; only the
  // budget ends the stream.
  const std::string chunk = "1;e=" + std::string(3996, 'a') + "\r\nx\r\n";
  HttpResponseParser parser(1024);
  ASSERT_EQ(parser.max_wire_bytes(), 1024 + HttpResponseParser::kWireFramingBytes);
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  parser.Feed(head);
  int chunks = 0;
  while (parser.state() == State::kNeedMore && chunks < 1000) {
    parser.Feed(chunk);
    ++chunks;
  }
  ASSERT_EQ(parser.state(), State::kError);
  EXPECT_EQ(parser.error().kind, ErrorKind::kHttpProtocol);
  EXPECT_NE(parser.error().detail.find("wire budget"), std::string::npos) << parser.error().detail;
  EXPECT_EQ(parser.wire_bytes(), parser.max_wire_bytes());
  // Every whole chunk that fits was taken; the next one crossed the budget.
  EXPECT_EQ(chunks, static_cast<int>((parser.max_wire_bytes() - head.size()) / chunk.size()) + 1);
  EXPECT_LT(parser.response().body.size(), 1024u);
}

TEST(HttpResponseParserWireBudgetTest, TrailersAndInterimResponsesCount) {
  const std::string trailers = std::string("HTTP/1.1 200 OK\r\n") +
                               "Transfer-Encoding: chunked\r\n\r\n0\r\nX-T: " + std::string(200, 't') +
                               "\r\n\r\n";
  EXPECT_EQ(ParseWithBudget(trailers, trailers.size() - 1, trailers.size()).state, State::kError);
  EXPECT_EQ(ParseWithBudget(trailers, trailers.size(), trailers.size()).state, State::kDone);
  std::string interim;
  for (int i = 0; i < 100; ++i) interim += "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n";
  interim += "HTTP/1.1 204 No Content\r\n\r\n";
  EXPECT_EQ(ParseWithBudget(interim, interim.size() - 1, 7).state, State::kError);
  EXPECT_EQ(ParseWithBudget(interim, interim.size(), 7).state, State::kDone);
}

TEST(HttpResponseParserWireBudgetTest, DefaultBudgetFitsAFullHeaderSectionAndAFullBody) {
  // The largest response the other bounds accept with a Content-Length body
  // (a header section at its bound, then max_body) is never cut by the budget.
  const std::size_t max_body = 4096;
  std::string head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(max_body) + "\r\nX-Pad: ";
  head += std::string(HttpResponseParser::kMaxHeaderBytes - head.size() - 4, 'p') + "\r\n\r\n";
  ASSERT_EQ(head.size(), HttpResponseParser::kMaxHeaderBytes);
  HttpResponseParser parser(max_body);
  ASSERT_EQ(parser.Feed(head + std::string(max_body, 'b')), State::kDone) << parser.error().detail;
  EXPECT_EQ(parser.response().body.size(), max_body);
  EXPECT_FALSE(parser.response().body_truncated);
}

TEST(HttpResponseParserWireBudgetTest, BudgetSaturatesForHugeBodyLimits) {
  EXPECT_EQ(HttpResponseParser::WireBudget(SIZE_MAX), SIZE_MAX);
  EXPECT_EQ(HttpResponseParser::WireBudget(SIZE_MAX - 1), SIZE_MAX);
  EXPECT_EQ(HttpResponseParser::WireBudget(0), HttpResponseParser::kWireFramingBytes);
}

}  // namespace
}  // namespace lde::http_client
