#include "integration/lync_walk/lync_responses.h"

#include <string_view>

#include "common/ascii.h"

namespace lde::lyncwalk {
namespace {

std::string StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

constexpr char kXmlHead[] =
    R"(<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse )"
    R"(xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" )"
    R"(AccessLocation="External"><Root>)";
constexpr char kXmlTail[] = "</Root></AutodiscoverResponse>";

std::string XmlLink(const std::string& token, const std::string& href) {
  return R"(<Link token=")" + token + R"(" href=")" + href + R"("/>)";
}

}  // namespace

std::string Answer(int status, const std::string& content_type, const std::string& body,
                   const Headers& extra) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + StatusText(status) + "\r\n";
  if (!content_type.empty()) out += "Content-Type: " + content_type + "\r\n";
  for (const auto& [name, value] : extra) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return out;
}

std::string RootDocument(const std::string& self_url, const std::string& user_url, bool xml) {
  const std::string xframe = self_url + "/xframe";
  if (xml) {
    return kXmlHead + XmlLink("Self", self_url) + XmlLink("User", user_url) + XmlLink("OAuth", user_url) +
           XmlLink("XFrame", xframe) + kXmlTail;
  }
  return R"({"_links":{"self":{"href":")" + self_url + R"("},"user":{"href":")" + user_url +
         R"("},"xframe":{"href":")" + xframe + R"("}}})";
}

std::string RedirectDocument(const std::string& url, bool xml) {
  if (xml) return kXmlHead + XmlLink("Redirect", url) + kXmlTail;
  return R"({"_links":{"redirect":{"href":")" + url + R"("}}})";
}

std::string LoginPage() {
  return "<!DOCTYPE html><html><head><title>Sign in</title></head><body>"
         R"(<form method="post" action="/logon/auth.owa"><input name="username"/>)"
         R"(<input name="password" type="password"/></form></body></html>)";
}

std::string RequestTarget(const std::string& raw) {
  auto first = raw.find(' ');
  if (first == std::string::npos) return "";
  auto second = raw.find(' ', first + 1);
  if (second == std::string::npos) return "";
  return raw.substr(first + 1, second - first - 1);
}

std::string RequestHeader(const std::string& raw, const std::string& name) {
  std::size_t line = raw.find("\r\n");
  while (line != std::string::npos) {
    line += 2;
    std::size_t end = raw.find("\r\n", line);
    if (end == std::string::npos || end == line) return "";  // end of the head
    std::size_t colon = raw.find(':', line);
    if (colon != std::string::npos && colon < end &&
        EqualsIgnoreAsciiCase(std::string_view(raw).substr(line, colon - line), name)) {
      std::size_t value = raw.find_first_not_of(" \t", colon + 1);
      return value < end ? raw.substr(value, end - value) : "";
    }
    line = end;
  }
  return "";
}

bool WantsXml(const std::string& raw) {
  return RequestHeader(raw, "Accept").find("autodiscover+xml") != std::string::npos;
}

}  // namespace lde::lyncwalk
