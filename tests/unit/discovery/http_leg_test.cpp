// ClassifyHttpLeg: where the plain-HTTP discovery answer leads.
#include "discovery/http_leg.h"

#include <gtest/gtest.h>

#include <string>

namespace lde::discovery {
namespace {

const std::string kHost = "lyncdiscover.contoso.test";
const std::string kUrl = "http://lyncdiscover.contoso.test/?sipuri=monitor@contoso.test";

model::HttpObservation Answer(int status, const std::string& content_type, const std::string& body,
                              const std::string& location = "") {
  model::HttpObservation http;
  http.status = status;
  if (!content_type.empty()) http.headers.emplace_back("Content-Type", content_type);
  if (!location.empty()) http.headers.emplace_back("Location", location);
  http.body = body;
  return http;
}

TEST(HttpLegTest, ARedirectDocumentLeadsWhereItsLinkSays) {
  const std::string to = "https://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root";
  auto leg = ClassifyHttpLeg(
      kHost, Answer(200, "application/json", R"({"_links":{"redirect":{"href":")" + to + R"("}}})"), kUrl);
  EXPECT_EQ(leg.host, kHost);
  EXPECT_EQ(leg.status, 200);
  EXPECT_EQ(leg.leads_to, model::HttpLeg::kRedirect);
  EXPECT_EQ(leg.location, to);
}

TEST(HttpLegTest, A30xToHttpsIsAnHttpsRedirectAndToHttpIsUnusable) {
  auto leg = ClassifyHttpLeg(kHost, Answer(301, "", "", "https://lyncdiscover.contoso.test/?sipuri=x"), kUrl);
  EXPECT_EQ(leg.leads_to, model::HttpLeg::kHttpsRedirect);
  EXPECT_EQ(leg.location, "https://lyncdiscover.contoso.test/?sipuri=x");
  for (int status : {302, 303, 307, 308}) {
    EXPECT_EQ(ClassifyHttpLeg(kHost, Answer(status, "", "", "https://a.contoso.test/"), kUrl).leads_to,
              model::HttpLeg::kHttpsRedirect)
        << status;
  }
  auto plain = ClassifyHttpLeg(kHost, Answer(302, "", "", "http://elsewhere.test/"), kUrl);
  EXPECT_EQ(plain.leads_to, model::HttpLeg::kUnusable);
  EXPECT_EQ(plain.detail, "HTTP 302 to a URL that is not https");
  EXPECT_EQ(ClassifyHttpLeg(kHost, Answer(302, "", ""), kUrl).detail, "HTTP 302 without a Location");
}

TEST(HttpLegTest, ADocumentWithoutRedirectIsADocument) {
  auto leg = ClassifyHttpLeg(
      kHost,
      Answer(
          200, "application/json",
          R"({"_links":{"self":{"href":"http://pool01.contoso.test/x"},"user":{"href":"https://webext.contoso.test/user"}}})"),
      kUrl);
  EXPECT_EQ(leg.leads_to, model::HttpLeg::kDocument);
  EXPECT_EQ(leg.location, "");
}

TEST(HttpLegTest, OtherAnswersAreUnusableWithTheReason) {
  auto status = ClassifyHttpLeg(kHost, Answer(404, "text/html", "<html>not here</html>"), kUrl);
  EXPECT_EQ(status.leads_to, model::HttpLeg::kUnusable);
  EXPECT_EQ(status.status, 404);
  EXPECT_EQ(status.detail, "HTTP 404");
  auto html = ClassifyHttpLeg(kHost, Answer(200, "text/html", "<html>login</html>"), kUrl);
  EXPECT_EQ(html.leads_to, model::HttpLeg::kUnusable);
  EXPECT_FALSE(html.detail.empty());
}

TEST(HttpLegTest, AHugeHrefIsHeldCutToTheLabelBudget) {
  const std::string href = "https://lyncdiscover.contoso.test/" + std::string(200 * 1024, 'a');
  auto leg = ClassifyHttpLeg(kHost, Answer(301, "", "", href), kUrl);
  EXPECT_EQ(leg.leads_to, model::HttpLeg::kHttpsRedirect);
  EXPECT_EQ(leg.location.size(), 1024u);
}

}  // namespace
}  // namespace lde::discovery
