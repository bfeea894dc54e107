// The sign-in answers, read without sockets: what a token endpoint, a user
// resource and an applications resource send, healthy or not.

#include "discovery/ucwa_resources.h"

#include <gtest/gtest.h>

#include <string>

namespace lde::discovery {
namespace {

model::HttpObservation Answer(int status, std::string body, std::string type = "application/json") {
  model::HttpObservation http;
  http.status = status;
  http.body = std::move(body);
  http.headers.emplace_back("Content-Type", std::move(type));
  return http;
}

TEST(UcwaTokenTest, ABearerTokenIsRead) {
  auto reply = ParseTokenReply(
      Answer(200, R"({"access_token":"cwt=AAEB.x-y_z","expires_in":28799,"ms_rtc_identityscope":"local",)"
                  R"("token_type":"Bearer"})"));
  ASSERT_FALSE(reply.failure) << reply.failure->detail;
  EXPECT_EQ(reply.access_token, "cwt=AAEB.x-y_z");
  EXPECT_EQ(reply.token_type, "Bearer");
}

TEST(UcwaTokenTest, AWrongPasswordIsInvalidGrant) {
  auto reply = ParseTokenReply(Answer(400, R"({"error":"invalid_grant"})"));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kInvalidGrant);
  EXPECT_EQ(reply.failure->detail, "the token endpoint answered 400 invalid_grant");
}

TEST(UcwaTokenTest, AnotherOAuthErrorIsNamedInTheDetail) {
  auto reply = ParseTokenReply(Answer(400, R"({"error":"unsupported_grant_type"})"));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kOAuthError);
  EXPECT_NE(reply.failure->detail.find("unsupported_grant_type"), std::string::npos);
}

TEST(UcwaTokenTest, AnErrorWithoutOAuthJsonIsItsStatus) {
  auto reply = ParseTokenReply(Answer(503, "Service Unavailable", "text/plain"));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kHttpStatus);
  EXPECT_EQ(reply.failure->detail, "the token endpoint answered 503");
}

TEST(UcwaTokenTest, MalformedOrIncompleteAnswersAreInvalidDocuments) {
  const char* bodies[] = {
      "",
      "{",
      "[1,2]",
      R"({"token_type":"Bearer"})",
      R"({"access_token":"","token_type":"Bearer"})",
      R"({"access_token":42,"token_type":"Bearer"})",
      R"({"access_token":"abc"})",
      R"({"access_token":"abc","token_type":"MAC"})",
      R"({"access_token":"a b\r\nX-Evil: 1","token_type":"Bearer"})",
  };
  for (const char* body : bodies) {
    auto reply = ParseTokenReply(Answer(200, body));
    ASSERT_TRUE(reply.failure) << body;
    EXPECT_EQ(reply.failure->reason, model::Reason::kInvalidDocument) << body;
    EXPECT_TRUE(reply.access_token.empty()) << body;
  }
}

TEST(UcwaTokenTest, TheDetailNamesAWrongOrMissingTokenType) {
  auto wrong = ParseTokenReply(Answer(200, R"({"access_token":"abc","token_type":"MAC"})"));
  ASSERT_TRUE(wrong.failure);
  EXPECT_EQ(wrong.failure->detail, "the token_type is \"MAC\", not Bearer");
  auto missing = ParseTokenReply(Answer(200, R"({"access_token":"abc"})"));
  ASSERT_TRUE(missing.failure);
  EXPECT_EQ(missing.failure->detail, "the token_type is missing, not Bearer");
}

TEST(UcwaTokenTest, ATruncatedBodyIsNeverParsed) {
  auto http = Answer(200, R"({"access_token":"abc","token_type":"Bearer"})");
  http.body_truncated = true;
  auto reply = ParseTokenReply(http);
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kBodyTooLarge);
}

TEST(UcwaTokenTest, ALoginPageIsHtmlPage) {
  auto reply = ParseTokenReply(Answer(200, "<html><form>", "text/html; charset=utf-8"));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kHtmlPage);
}

TEST(UcwaTokenTest, DeepNestingIsRefusedNotRecursed) {
  std::string deep(100000, '[');
  auto reply = ParseTokenReply(Answer(200, deep));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kInvalidDocument);
}

TEST(UcwaUserTest, TheApplicationsLinkIsRead) {
  auto reply = ParseUserReply(Answer(
      200,
      R"({"_links":{"self":{"href":"https://webext.c.test/Autodiscover/AutodiscoverService.svc/root/oauth/user"},)"
      R"("applications":{"href":"https://webext.c.test/ucwa/oauth/v1/applications"},)"
      R"("xframe":{"href":"https://webext.c.test/Autodiscover/XFrame/XFrame.html"}}})"));
  ASSERT_FALSE(reply.failure) << reply.failure->detail;
  EXPECT_EQ(reply.applications_href, "https://webext.c.test/ucwa/oauth/v1/applications");
  EXPECT_TRUE(reply.redirect_href.empty());
}

TEST(UcwaUserTest, ARedirectIsReturnedToFollow) {
  auto reply = ParseUserReply(Answer(200, R"({"_links":{"redirect":{"href":"https://pool2.c.test/x"}}})"));
  ASSERT_FALSE(reply.failure);
  EXPECT_EQ(reply.redirect_href, "https://pool2.c.test/x");
  EXPECT_TRUE(reply.applications_href.empty());
}

TEST(UcwaUserTest, NoLinkOrNoTokenAcceptedAreFailures) {
  auto none = ParseUserReply(Answer(200, R"({"_links":{"self":{"href":"/x"}}})"));
  ASSERT_TRUE(none.failure);
  EXPECT_EQ(none.failure->reason, model::Reason::kNoApplicationsLink);
  auto empty_href = ParseUserReply(Answer(200, R"({"_links":{"applications":{"href":""}}})"));
  ASSERT_TRUE(empty_href.failure);
  EXPECT_EQ(empty_href.failure->reason, model::Reason::kNoApplicationsLink);
  auto refused = ParseUserReply(Answer(401, ""));
  ASSERT_TRUE(refused.failure);
  EXPECT_EQ(refused.failure->reason, model::Reason::kHttpStatus);
  EXPECT_EQ(refused.failure->detail, "the user resource answered 401");
  auto garbage = ParseUserReply(Answer(200, "not json"));
  ASSERT_TRUE(garbage.failure);
  EXPECT_EQ(garbage.failure->reason, model::Reason::kInvalidDocument);
}

TEST(UcwaApplicationTest, TheCreatedApplicationsSelfLinkIsRead) {
  auto reply = ParseApplicationReply(Answer(
      201,
      R"({"culture":"en-US","userAgent":"x","_links":{"self":{"href":"/ucwa/oauth/v1/applications/1"}}})"));
  ASSERT_FALSE(reply.failure) << reply.failure->detail;
  EXPECT_EQ(reply.self_href, "/ucwa/oauth/v1/applications/1");
}

TEST(UcwaApplicationTest, ARefusalCarriesTheServersCodeAndMessage) {
  auto reply = ParseApplicationReply(
      Answer(403, R"({"code":"Forbidden","message":"Service does not allow a cross domain request."})"));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kHttpStatus);
  EXPECT_EQ(
      reply.failure->detail,
      "the applications resource answered 403 (Forbidden: Service does not allow a cross domain request.)");
}

TEST(UcwaApplicationTest, AHugeMessageIsCutShort) {
  auto reply = ParseApplicationReply(Answer(500, R"({"message":")" + std::string(10000, 'm') + "\"}"));
  ASSERT_TRUE(reply.failure);
  EXPECT_LT(reply.failure->detail.size(), 300u);
}

TEST(UcwaApplicationTest, NoSelfLinkIsNoApplicationLink) {
  auto reply = ParseApplicationReply(Answer(201, R"({"_links":{}})"));
  ASSERT_TRUE(reply.failure);
  EXPECT_EQ(reply.failure->reason, model::Reason::kNoApplicationLink);
}

TEST(UcwaDeleteTest, AnyTwoHundredIsFine) {
  EXPECT_FALSE(CheckDeleteReply(Answer(204, "")));
  EXPECT_FALSE(CheckDeleteReply(Answer(200, "")));
  auto missing = CheckDeleteReply(Answer(404, ""));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->reason, model::Reason::kHttpStatus);
}

TEST(UcwaRequestBodyTest, TheGrantIsPercentEncoded) {
  EXPECT_EQ(PasswordGrantBody("alice@c.test", "p&ss=w rd+%"),
            "grant_type=password&username=alice%40c.test&password=p%26ss%3Dw%20rd%2B%25");
}

TEST(UcwaRequestBodyTest, TheApplicationBodyIsEscapedJson) {
  EXPECT_EQ(
      ApplicationRequestBody("lde/1 \"x\"", "123e4567-e89b-42d3-a456-426614174000"),
      R"({"UserAgent":"lde/1 \"x\"","EndpointId":"123e4567-e89b-42d3-a456-426614174000","Culture":"en-US"})");
}

}  // namespace
}  // namespace lde::discovery
