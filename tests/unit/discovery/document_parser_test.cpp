#include "discovery/document_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lde::discovery {
namespace {

using model::DiscoveryDocument;
using model::DiscoveryLink;
using Links = std::vector<DiscoveryLink>;

const char kJson[] = "application/json";
const char kXml[] = "application/vnd.microsoft.rtc.autodiscover+xml; v=1";
const char kBase[] = "https://lyncdiscover.contoso.test/?sipuri=alice@contoso.test";
const char kSvc[] = "https://webext.contoso.test/Autodiscover/AutodiscoverService.svc/root";

std::string ReadDataFile(const std::string& name) {
  std::ifstream in(std::string(LDE_TEST_DATA_DIR) + "/discovery/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing test data file " << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct GoodCase {
  std::string file;
  std::string content_type;
  std::string base;
  DiscoveryDocument expected;
};

TEST(ParseDiscoveryDocumentTest, ParsesRealisticDocuments) {
  const std::string ext = "https://webext.contoso.test/Autodiscover/AutodiscoverService.svc/root";
  const std::string pool = "https://pool01.corp.contoso.test/Autodiscover/AutodiscoverService.svc/root";
  const std::string od = "?originalDomain=contoso.test";
  const std::string online =
      "https://webdir.online.lync.com/Autodiscover/AutodiscoverService.svc/root?originalDomain=contoso.test";
  const std::vector<GoodCase> cases = {
      {"root_external.json",
       kJson,
       kBase,
       {DiscoveryDocument::Format::kJson,
        Links{{"self", ext + od},
              {"user", ext + "/oauth/user" + od},
              {"xframe", "https://webext.contoso.test/Autodiscover/XFrame/XFrame.html"}},
        ""}},
      {"root_internal.json",
       "application/json; charset=utf-8",
       "https://lyncdiscoverinternal.contoso.test/",
       {DiscoveryDocument::Format::kJson,
        Links{{"self", pool + od},
              {"user", pool + "/oauth/user" + od},
              {"xframe", "https://pool01.corp.contoso.test/Autodiscover/XFrame/XFrame.html"}},
        ""}},
      {"redirect.json",
       "Application/Vnd.Microsoft.Com.Ucwa+Json",
       kBase,
       {DiscoveryDocument::Format::kJson, Links{{"redirect", online}, {"self", ext + od}}, ""}},
      {"relative_hrefs.json",
       kJson,
       kSvc,
       {DiscoveryDocument::Format::kJson,
        Links{{"self", "https://webext.contoso.test/autodiscover/autodiscoverservice.svc/root"},
              {"user", "https://webext.contoso.test/autodiscover/autodiscoverservice.svc/root/user"},
              {"xframe", "https://webext.contoso.test/Autodiscover/XFrame/XFrame.html"}},
        ""}},
      {"root_external.xml",
       kXml,
       kBase,
       {DiscoveryDocument::Format::kXml,
        Links{{"domain", ext + "/domain" + od},
              {"user", ext + "/user" + od},
              {"oauth", ext + "/oauth/user" + od}},
        "External"}},
      {"root_internal.xml",
       "application/vnd.microsoft.rtc.autodiscover+xml;v=1",
       kBase,
       {DiscoveryDocument::Format::kXml,
        Links{{"domain", pool + "/domain" + od},
              {"user", pool + "/user" + od},
              {"oauth", pool + "/oauth/user" + od}},
        "Internal"}},
      {"redirect.xml",
       "application/vnd.microsoft.rtc.autodiscover+xml",
       kBase,
       {DiscoveryDocument::Format::kXml, Links{{"redirect", online}}, "External"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    auto got = ParseDiscoveryDocument(ReadDataFile(c.file), c.content_type, c.base);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_EQ(got.value(), c.expected);
  }
}

TEST(ParseDiscoveryDocumentTest, UserDocumentKeepsSlashTokensInLowerCase) {
  auto got = ParseDiscoveryDocument(ReadDataFile("user.xml"), "text/xml", kSvc);
  ASSERT_TRUE(got.ok()) << got.error().detail;
  const DiscoveryDocument& doc = got.value();
  EXPECT_EQ(doc.format, DiscoveryDocument::Format::kXml);
  EXPECT_EQ(doc.access_location, "External");
  EXPECT_EQ(doc.links.size(), 9u);
  EXPECT_EQ(doc.Link("external/ucwa"), "https://webext.contoso.test/ucwa/v1/applications");
  EXPECT_EQ(doc.Link("internal/ucwa"), "https://pool01.corp.contoso.test/ucwa/v1/applications");
  EXPECT_EQ(doc.Link("ucwa"), "https://webext.contoso.test/ucwa/v1/applications");
  EXPECT_EQ(doc.Link("External/AuthBroker"), "https://webext.contoso.test/Reach/sip.svc");
  EXPECT_FALSE(doc.IsRedirect());
}

TEST(ParseDiscoveryDocumentTest, RedirectDocumentsAreRecognised) {
  for (const auto& [file, type] :
       std::vector<std::pair<std::string, std::string>>{{"redirect.json", kJson}, {"redirect.xml", kXml}}) {
    SCOPED_TRACE(file);
    auto got = ParseDiscoveryDocument(ReadDataFile(file), type, kBase);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_TRUE(got.value().IsRedirect());
  }
}

struct BadCase {
  std::string name;
  std::string body;
  std::string content_type;
  ErrorKind kind;
  std::string detail_part;  // must appear in Error::detail
};

TEST(ParseDiscoveryDocumentTest, RejectsBadDataFilesWithClearErrors) {
  const std::vector<BadCase> cases = {
      {"HTML login page", ReadDataFile("login_page.html"), "text/html; charset=utf-8",
       ErrorKind::kDiscoveryParse, "text/html"},
      {"HTML login page mislabelled as JSON", ReadDataFile("login_page.html"), kJson,
       ErrorKind::kDiscoveryParse, "not valid JSON"},
      {"HTML login page mislabelled as XML", ReadDataFile("login_page.html"), kXml,
       ErrorKind::kDiscoveryParse, "DOCTYPE"},
      {"truncated JSON", ReadDataFile("malformed.json"), kJson, ErrorKind::kDiscoveryParse, "not valid JSON"},
      {"unclosed XML element", ReadDataFile("malformed.xml"), kXml, ErrorKind::kDiscoveryParse,
       "well-formed"},
      {"XML with DOCTYPE and external entity", ReadDataFile("doctype_entity.xml"), kXml,
       ErrorKind::kDiscoveryParse, "DOCTYPE"},
      {"JSON sent as XML", ReadDataFile("root_external.json"), kXml, ErrorKind::kDiscoveryParse, "XML"},
      {"XML sent as JSON", ReadDataFile("root_external.xml"), kJson, ErrorKind::kDiscoveryParse, "JSON"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = ParseDiscoveryDocument(c.body, c.content_type, kBase);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().kind, c.kind);
    EXPECT_NE(got.error().detail.find(c.detail_part), std::string::npos) << got.error().detail;
  }
}

TEST(ParseDiscoveryDocumentTest, RejectsEachKindOfBadInput) {
  const std::string link = R"({"href":"https://webext.contoso.test/x"})";
  std::string many_json = R"({"_links":{)";
  for (int i = 0; i < 65; ++i) many_json += (i ? "," : "") + ("\"l" + std::to_string(i) + "\":" + link);
  many_json += "}}";
  std::string many_xml = "<AutodiscoverResponse><Root>";
  for (int i = 0; i < 65; ++i) many_xml += "<Link token=\"T" + std::to_string(i) + "\" href=\"/x\"/>";
  many_xml += "</Root></AutodiscoverResponse>";
  std::string deep_json(5000, '[');
  std::string huge(kMaxDocumentBytes + 1, ' ');

  const std::vector<BadCase> cases = {
      {"empty body", "", kJson, ErrorKind::kDiscoveryParse, "empty"},
      {"blank body", " \r\n\t", kXml, ErrorKind::kDiscoveryParse, "empty"},
      {"no content type", R"({"_links":{"self":)" + link + "}}", "", ErrorKind::kDiscoveryParse, "(none)"},
      {"captive portal plain text", "Please accept the terms", "text/plain", ErrorKind::kDiscoveryParse,
       "text/plain"},
      {"UCWA XML type is not autodiscover XML", "<x/>", "application/vnd.microsoft.com.ucwa+xml",
       ErrorKind::kDiscoveryParse, "ucwa+xml"},
      {"oversized body", huge, kJson, ErrorKind::kBodyTooLarge, "exceeds"},
      {"JSON array root", "[]", kJson, ErrorKind::kDiscoveryParse, "not an object"},
      {"JSON string root", "\"x\"", kJson, ErrorKind::kDiscoveryParse, "JSON"},
      {"JSON number root", "42", kJson, ErrorKind::kDiscoveryParse, "JSON"},
      {"JSON without _links", R"({"links":{}})", kJson, ErrorKind::kDiscoveryParse, "_links"},
      {"JSON _links not an object", R"({"_links":[1]})", kJson, ErrorKind::kDiscoveryParse, "_links"},
      {"JSON _links empty", R"({"_links":{}})", kJson, ErrorKind::kDiscoveryParse, "no"},
      {"JSON link with an empty name", R"({"_links":{"":{"href":"/x"}}})", kJson, ErrorKind::kDiscoveryParse,
       "no"},
      {"JSON links without string href", R"({"_links":{"a":{"href":1},"b":"x","c":{"rel":"x"}}})", kJson,
       ErrorKind::kDiscoveryParse, "no"},
      {"JSON too deep", deep_json, kJson, ErrorKind::kDiscoveryParse, "JSON"},
      {"JSON trailing garbage", R"({"_links":{"self":)" + link + "}} trailing", kJson,
       ErrorKind::kDiscoveryParse, "JSON"},
      {"JSON too many links", many_json, kJson, ErrorKind::kDiscoveryParse, "more than 64"},
      {"JSON href with space", R"({"_links":{"user":{"href":"https://x.test/a b"}}})", kJson,
       ErrorKind::kDiscoveryParse, "'user'"},
      {"JSON href to another scheme", R"({"_links":{"user":{"href":"ftp://x.test/"}}})", kJson,
       ErrorKind::kDiscoveryParse, "'user'"},
      {"JSON empty href", R"({"_links":{"user":{"href":""}}})", kJson, ErrorKind::kDiscoveryParse, "'user'"},
      {"XML wrong root", "<Autodiscover><Root><Link token=\"User\" href=\"/u\"/></Root></Autodiscover>", kXml,
       ErrorKind::kDiscoveryParse, "root element"},
      {"XML namespaced root",
       "<AutodiscoverResponse xmlns=\"urn:x\"><Root><Link token=\"User\" "
       "href=\"/u\"/></Root></AutodiscoverResponse>",
       kXml, ErrorKind::kDiscoveryParse, "namespace"},
      {"XML without links",
       "<AutodiscoverResponse AccessLocation=\"External\"><Root/></AutodiscoverResponse>", kXml,
       ErrorKind::kDiscoveryParse, "no Link"},
      {"XML Link outside Root/User/Domain",
       "<AutodiscoverResponse><Other><Link token=\"User\" href=\"/u\"/></Other></AutodiscoverResponse>", kXml,
       ErrorKind::kDiscoveryParse, "no Link"},
      {"XML Link without href",
       "<AutodiscoverResponse><Root><Link token=\"User\"/></Root></AutodiscoverResponse>", kXml,
       ErrorKind::kDiscoveryParse, "href"},
      {"XML Link without token",
       "<AutodiscoverResponse><Root><Link href=\"/u\"/></Root></AutodiscoverResponse>", kXml,
       ErrorKind::kDiscoveryParse, "token"},
      {"XML too many links", many_xml, kXml, ErrorKind::kDiscoveryParse, "more than 64"},
      {"XML lower-case doctype", "<!doctype x><AutodiscoverResponse/>", "text/xml",
       ErrorKind::kDiscoveryParse, "DOCTYPE"},
      {"XML entity bomb",
       "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
       "\"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
       "<AutodiscoverResponse><Root><Link token=\"User\" href=\"/&b;\"/></Root></AutodiscoverResponse>",
       "application/xml", ErrorKind::kDiscoveryParse, "DOCTYPE"},
      {"XML UTF-16", std::string("<\0A\0/\0>\0", 8), kXml, ErrorKind::kDiscoveryParse, "NUL"},
      {"XML two roots",
       "<AutodiscoverResponse><Root><Link token=\"U\" href=\"/u\"/></Root></AutodiscoverResponse><x/>", kXml,
       ErrorKind::kDiscoveryParse, "well-formed"},
      {"XML href that is not a URI",
       "<AutodiscoverResponse><Root><Link token=\"User\" "
       "href=\"https://x.test/&lt;\"/></Root></AutodiscoverResponse>",
       kXml, ErrorKind::kDiscoveryParse, "'user'"},
      {"XML undefined entity",
       "<AutodiscoverResponse><Root><Link token=\"User\" href=\"/&x;\"/></Root></AutodiscoverResponse>", kXml,
       ErrorKind::kDiscoveryParse, "XML"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = ParseDiscoveryDocument(c.body, c.content_type, kBase);
    ASSERT_FALSE(got.ok()) << "parsed with " << got.value().links.size() << " links";
    EXPECT_EQ(got.error().kind, c.kind);
    EXPECT_NE(got.error().detail.find(c.detail_part), std::string::npos) << got.error().detail;
  }
}

TEST(ParseDiscoveryDocumentTest, AcceptsBoundaryAndLenientForms) {
  const std::string link = R"({"href":"/x"})";
  std::string max_json = R"({"_links":{)";
  for (int i = 0; i < 64; ++i) max_json += (i ? "," : "") + ("\"l" + std::to_string(i) + "\":" + link);
  max_json += "}}";
  struct Case {
    std::string name, body, content_type;
    std::size_t links;
  };
  const std::vector<Case> cases = {
      {"exactly 64 links", max_json, kJson, 64},
      {"non-link members are skipped",
       R"({"_links":{"self":{"href":"/s"},"n":1,"arr":[{"href":"/a"}]},"x":2})", kJson, 1},
      {"upper-case key lower-cased", R"({"_links":{"XFrame":{"href":"/x"}}})", " APPLICATION/JSON ;q=1", 1},
      {"XML Domain element",
       "<AutodiscoverResponse><Domain><Link token=\"External/RemotePowerShell\" "
       "href=\"/p\"/></Domain></AutodiscoverResponse>",
       "application/xml", 1},
      {"XML with comments and CDATA elsewhere",
       "<!-- c --><AutodiscoverResponse><Root><![CDATA[x]]><Link token=\"User\" "
       "href=\"/u\"/></Root></AutodiscoverResponse>",
       kXml, 1},
      {"XML nested Link is ignored",
       "<AutodiscoverResponse><Root><Link token=\"User\" href=\"/u\"><Link token=\"Deep\" "
       "href=\"/d\"/></Link></Root></AutodiscoverResponse>",
       kXml, 1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto got = ParseDiscoveryDocument(c.body, c.content_type, kSvc);
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_EQ(got.value().links.size(), c.links);
  }
}

TEST(ParseDiscoveryDocumentTest, XmlEntitiesInAttributesAreDecoded) {
  auto got = ParseDiscoveryDocument(
      "<AutodiscoverResponse><Root><Link token=\"User\" "
      "href=\"/root/user?a=1&amp;b=2\"/></Root></AutodiscoverResponse>",
      kXml, kSvc);
  ASSERT_TRUE(got.ok()) << got.error().detail;
  EXPECT_EQ(got.value().Link("user"), "https://webext.contoso.test/root/user?a=1&b=2");
}

TEST(ParseDiscoveryDocumentTest, RelativeHrefWithBadBaseIsAnError) {
  auto got = ParseDiscoveryDocument(ReadDataFile("relative_hrefs.json"), kJson, "not a url");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, ErrorKind::kDiscoveryParse);
}

}  // namespace
}  // namespace lde::discovery
