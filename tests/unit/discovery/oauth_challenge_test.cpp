#include "discovery/oauth_challenge.h"

#include <gtest/gtest.h>

#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "model/budgets.h"

namespace lde::discovery {
namespace {

using Strings = std::vector<std::string>;

}  // namespace

// Readable failures instead of a byte dump.
void PrintTo(const OAuthChallenge& c, std::ostream* os) {
  *os << "{present=" << c.present << " href=\"" << c.href << "\" grant_types=[";
  for (const auto& g : c.grant_types) *os << g << ";";
  *os << "] schemes=[";
  for (const auto& s : c.schemes) *os << s << ";";
  *os << "] schemes_dropped=" << c.schemes_dropped << "}";
}

namespace {

const char kHref[] = "https://webext.contoso.test/WebTicket/oauthtoken";
const Strings kGrants = {"urn:microsoft.rtc:windows", "urn:microsoft.rtc:anonmeeting", "password"};

struct Case {
  std::string name;
  Strings headers;
  OAuthChallenge expected;
};

TEST(ParseWwwAuthenticateTest, ReadsEveryHeaderForm) {
  const std::vector<Case> cases = {
      {"one header per challenge (UCWA docs)",
       {"Bearer trusted_issuers=\"00000002-0000-0ff1-ce00-000000000000@contoso.test\", "
        "client_id=\"00000004-0000-0ff1-ce00-000000000000\"",
        "MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\",grant_type=\"urn:microsoft.rtc:"
        "windows,urn:microsoft.rtc:anonmeeting,password\""},
       {true, kHref, kGrants, {"Bearer", "MsRtcOAuth"}}},
      {"both challenges folded into one line (.NET)",
       {"Bearer trusted_issuers=\"\", client_id=\"00000004-0000-0ff1-ce00-000000000000\", MsRtcOAuth "
        "href=\"https://webext.contoso.test/WebTicket/oauthtoken\",grant_type=\"urn:microsoft.rtc:windows,"
        "urn:microsoft.rtc:anonmeeting,password\""},
       {true, kHref, kGrants, {"Bearer", "MsRtcOAuth"}}},
      {"MsRtcOAuth first, then Bearer, folded",
       {"MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\", grant_type=\"password\", "
        "Bearer trusted_issuers=\"\""},
       {true, kHref, {"password"}, {"MsRtcOAuth", "Bearer"}}},
      {"only Negotiate and NTLM (reverse proxy pre-authentication)",
       {"Negotiate", "NTLM"},
       {false, "", {}, {"Negotiate", "NTLM"}}},
      {"Negotiate, NTLM and Basic folded",
       {"Negotiate, NTLM, Basic realm=\"webext.contoso.test\""},
       {false, "", {}, {"Negotiate", "NTLM", "Basic"}}},
      {"token68 credentials after a scheme",
       {"Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1+/abc==", "NTLM TlRMTVNTUAACAAAADAAMADgAAAA="},
       {false, "", {}, {"Negotiate", "NTLM"}}},
      {"lower-case scheme and parameter names",
       {"msrtcoauth HREF=\"https://webext.contoso.test/WebTicket/oauthtoken\",Grant_Type=\"password\""},
       {true, kHref, {"password"}, {"MsRtcOAuth"}}},
      {"whitespace around '=' and tabs",
       {"MsRtcOAuth\thref = \"https://webext.contoso.test/WebTicket/oauthtoken\" ,\tgrant_type =password"},
       {true, kHref, {"password"}, {"MsRtcOAuth"}}},
      {"grant types with spaces and empty items",
       {"MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\", grant_type=\" password , "
        ",urn:microsoft.rtc:passive \""},
       {true, kHref, {"password", "urn:microsoft.rtc:passive"}, {"MsRtcOAuth"}}},
      {"escaped quote inside a quoted string",
       {"Bearer realm=\"a \\\"quoted, realm\\\"\", MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/"
        "oauthtoken\""},
       {true, kHref, {}, {"Bearer", "MsRtcOAuth"}}},
      {"MsRtcOAuth without href", {"MsRtcOAuth grant_type=\"password\""}, {false, "", {}, {"MsRtcOAuth"}}},
      {"MsRtcOAuth with an empty href",
       {"MsRtcOAuth href=\"\", grant_type=\"password\""},
       {false, "", {}, {"MsRtcOAuth"}}},
      {"first MsRtcOAuth with an href wins",
       {"MsRtcOAuth grant_type=\"x\"", "MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\"",
        "MsRtcOAuth href=\"https://other.contoso.test/WebTicket/oauthtoken\""},
       {true, kHref, {}, {"MsRtcOAuth"}}},
      {"an unquoted URL is not a token: the parameter is dropped",
       {"MsRtcOAuth href=https://webext.contoso.test/WebTicket/oauthtoken"},
       {false, "", {}, {"MsRtcOAuth"}}},
      {"an auth-param leading a line continues the previous line's challenge (RFC 9110 5.3)",
       {"MsRtcOAuth", "href=\"https://webext.contoso.test/WebTicket/oauthtoken\""},
       {true, kHref, {}, {"MsRtcOAuth"}}},
      {"duplicate schemes are listed once, unknown ones as sent",
       {"Bearer", "bearer realm=\"x\"", "X-Custom-Scheme"},
       {false, "", {}, {"Bearer", "X-Custom-Scheme"}}},
      {"no headers", {}, {}},
      {"empty and blank values", {"", "   ", ",,, ,"}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ParseWwwAuthenticate(c.headers), c.expected);
  }
}

TEST(ParseWwwAuthenticateTest, SurvivesGarbageAndKeepsWhatIsValid) {
  const std::vector<Case> cases = {
      {"unterminated quote swallows only its own line",
       {"Bearer realm=\"unterminated, MsRtcOAuth href=\"https://evil.test/\"",
        "MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\""},
       {true, kHref, {}, {"Bearer", "MsRtcOAuth"}}},
      {"unterminated href quote",
       {"MsRtcOAuth href=\"https://webext.contoso"},
       {false, "", {}, {"MsRtcOAuth"}}},
      {"trailing backslash in a quote", {"MsRtcOAuth href=\"abc\\"}, {false, "", {}, {"MsRtcOAuth"}}},
      {"leading '=' and stray quotes",
       {"=foo, \"x\", MsRtcOAuth href=\"h\""},
       {true, "h", {}, {"MsRtcOAuth"}}},
      {"parameter without a challenge", {"realm=\"x\""}, {}},
      {"junk right after a scheme", {"Bearer\"x\", NTLM"}, {false, "", {}, {"Bearer", "NTLM"}}},
      {"junk after a value",
       {"MsRtcOAuth href=\"h\" junk, grant_type=\"password\""},
       {false, "", {}, {"MsRtcOAuth"}}},
      {"control bytes and high bytes",
       {std::string("Bearer \x01\xff\x00 x", 12), "\xc3\xa9t\xc3\xa9"},
       {false, "", {}, {"Bearer"}}},
      {"a token followed by '=' is a parameter, not a scheme", {"Bearer ===, ="}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ParseWwwAuthenticate(c.headers), c.expected);
  }
}

// One header value per line, as captured.
Strings ReadHeaderFile(const std::string& name) {
  std::ifstream in(std::string(LDE_TEST_DATA_DIR) + "/discovery/" + name);
  EXPECT_TRUE(in.good()) << "missing test data file " << name;
  Strings lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ParseWwwAuthenticateTest, ReadsCapturedHeaderFiles) {
  const std::vector<std::pair<std::string, OAuthChallenge>> cases = {
      {"www_authenticate_separate.txt", {true, kHref, kGrants, {"Bearer", "MsRtcOAuth"}}},
      {"www_authenticate_folded.txt", {true, kHref, kGrants, {"Bearer", "MsRtcOAuth"}}},
      {"www_authenticate_preauth.txt", {false, "", {}, {"Negotiate", "NTLM", "Basic"}}},
  };
  for (const auto& [file, expected] : cases) {
    SCOPED_TRACE(file);
    EXPECT_EQ(ParseWwwAuthenticate(ReadHeaderFile(file)), expected);
  }
}

TEST(ParseWwwAuthenticateTest, HandlesVeryLongInputInLinearTime) {
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "Bearer realm=\"r" + std::to_string(i) + "\", ";
  many += "MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\"";
  OAuthChallenge got = ParseWwwAuthenticate({many});
  EXPECT_TRUE(got.present);
  EXPECT_EQ(got.schemes, (Strings{"Bearer", "MsRtcOAuth"}));
}

// "S0, S1, ..., S<n-1>" (distinct schemes), one challenge each.
std::string DistinctSchemes(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i == 0 ? "S" : ", S") + std::to_string(i);
  return out;
}

TEST(ParseWwwAuthenticateTest, FourteenThousandSchemesKeepTheFirstSixteenAndCountTheRest) {
  constexpr std::size_t kKept = model::budget::kAuthSchemes.value;
  WwwAuthenticateWork work;
  OAuthChallenge got = ParseWwwAuthenticate({DistinctSchemes(14000)}, &work);
  ASSERT_EQ(got.schemes.size(), kKept);
  for (std::size_t i = 0; i < kKept; ++i) EXPECT_EQ(got.schemes[i], "S" + std::to_string(i));
  EXPECT_EQ(got.schemes_dropped, 14000 - kKept);
  EXPECT_FALSE(got.present);
  // Each challenge is compared with at most the kept schemes, never with all
  // the earlier ones (that was 98 million comparisons for 14,000).
  EXPECT_EQ(work.challenges, 14000u);
  EXPECT_LE(work.scheme_comparisons, kKept * work.challenges);
}

TEST(ParseWwwAuthenticateTest, WorkGrowsLinearlyWithTheInput) {
  WwwAuthenticateWork small;
  WwwAuthenticateWork large;
  ParseWwwAuthenticate({DistinctSchemes(5000)}, &small);
  ParseWwwAuthenticate({DistinctSchemes(20000)}, &large);
  EXPECT_EQ(large.challenges, 4 * small.challenges);
  // Four times the input, about four times the work; quadratic work would
  // be sixteen times.
  EXPECT_LE(large.scheme_comparisons * 10, small.scheme_comparisons * 41);
}

TEST(ParseWwwAuthenticateTest, RepeatsOfAKeptSchemeAreNotDropped) {
  std::string value = DistinctSchemes(16) + ", S3, S3, S0";
  OAuthChallenge got = ParseWwwAuthenticate({value, "S16", "S17, S16"});
  EXPECT_EQ(got.schemes.size(), 16u);
  EXPECT_EQ(got.schemes_dropped, 3u);  // S16, S17, S16: challenges beyond the budget
}

TEST(ParseWwwAuthenticateTest, AnMsRtcOAuthChallengeBeyondTheBudgetIsStillFound) {
  OAuthChallenge got = ParseWwwAuthenticate(
      {DistinctSchemes(100), "MsRtcOAuth href=\"https://webext.contoso.test/WebTicket/oauthtoken\""});
  EXPECT_TRUE(got.present);
  EXPECT_EQ(got.href, kHref);
  EXPECT_EQ(got.schemes.size(), model::budget::kAuthSchemes.value);
  EXPECT_EQ(got.schemes_dropped, 100 + 1 - model::budget::kAuthSchemes.value);
}

}  // namespace
}  // namespace lde::discovery
