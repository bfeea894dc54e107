#include <Poco/Exception.h>
#include <Poco/SAX/Attributes.h>
#include <Poco/SAX/DefaultHandler.h>
#include <Poco/SAX/LexicalHandler.h>
#include <Poco/SAX/SAXParser.h>

#include <exception>
#include <string>

#include "common/ascii.h"
#include "discovery/document_extract.h"
#include "discovery/uri_parts.h"

namespace lde::discovery::detail {
namespace {

Error XmlError(std::string detail) {
  return MakeError(ErrorKind::kDiscoveryParse, "XML: " + std::move(detail));
}

// Case-insensitive search, used to refuse DTDs before expat sees them.
bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  // `needle` is lower case.
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && lower(haystack[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

// Collects MS-OCDISCWS links: AutodiscoverResponse/{Root,User,Domain}/Link.
// Handlers never throw (exceptions must not unwind through expat's C
// frames); the first problem is recorded and later events are ignored.
class LinkCollector : public Poco::XML::DefaultHandler, public Poco::XML::LexicalHandler {
 public:
  explicit LinkCollector(std::size_t max_links) : max_links_(max_links) {}

  bool failed() const { return !problem_.empty(); }
  const std::string& problem() const { return problem_; }
  RawDocument& doc() { return doc_; }
  bool saw_root() const { return saw_root_; }

  void startElement(const Poco::XML::XMLString& uri, const Poco::XML::XMLString& local_name,
                    const Poco::XML::XMLString& qname, const Poco::XML::Attributes& attrs) override {
    ++depth_;
    if (failed()) return;
    const std::string& name = local_name.empty() ? qname : local_name;
    if (depth_ == 1) {
      saw_root_ = true;
      if (name != "AutodiscoverResponse" || !uri.empty()) {
        Fail("root element is <" + qname + ">, expected <AutodiscoverResponse> without namespace");
        return;
      }
      doc_.access_location = Attribute(attrs, "AccessLocation");
    } else if (depth_ == 2) {
      in_link_parent_ = uri.empty() && (name == "Root" || name == "User" || name == "Domain");
    } else if (depth_ == 3 && in_link_parent_ && name == "Link" && uri.empty()) {
      std::string token = Attribute(attrs, "token");
      std::string href = Attribute(attrs, "href");
      if (token.empty() || href.empty()) {
        Fail("a Link lacks its token or href attribute");
        return;
      }
      if (doc_.links.size() >= max_links_) {
        Fail("more than " + std::to_string(max_links_) + " links");
        return;
      }
      doc_.links.push_back({AsciiLowerCopy(token), std::move(href)});
    }
  }

  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
                  const Poco::XML::XMLString&) override {
    if (depth_ == 2) in_link_parent_ = false;
    --depth_;
  }

  // No DTD is ever legitimate here: it is the door to XXE and entity bombs.
  void startDTD(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
                const Poco::XML::XMLString&) override {
    Fail("DOCTYPE is not allowed");
  }
  void endDTD() override {}
  void startEntity(const Poco::XML::XMLString&) override {}
  void endEntity(const Poco::XML::XMLString&) override {}
  void startCDATA() override {}
  void endCDATA() override {}
  void comment(const Poco::XML::XMLChar[], int, int) override {}

 private:
  void Fail(std::string why) {
    if (problem_.empty()) problem_ = std::move(why);
  }

  static std::string Attribute(const Poco::XML::Attributes& attrs, std::string_view name) {
    for (int i = 0; i < attrs.getLength(); ++i) {
      if (attrs.getURI(i).empty() && attrs.getLocalName(i) == name) return attrs.getValue(i);
    }
    return {};
  }

  std::size_t max_links_;
  int depth_ = 0;
  bool saw_root_ = false;
  bool in_link_parent_ = false;
  RawDocument doc_;
  std::string problem_;
};

}  // namespace

Result<RawDocument> ExtractXmlLinks(std::string_view body, std::size_t max_links) {
  // Refuse DTDs before parsing, so no entity is ever declared. NUL bytes mean
  // UTF-16/32, which would hide a DOCTYPE from this scan; servers send UTF-8.
  if (body.find('\0') != std::string_view::npos) return XmlError("body contains NUL bytes (not UTF-8)");
  if (ContainsNoCase(body, "<!doctype") || ContainsNoCase(body, "<!entity")) {
    return XmlError("DOCTYPE is not allowed");
  }

  LinkCollector collector(max_links);
  try {
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(&collector);
    parser.setErrorHandler(&collector);
    parser.setProperty(Poco::XML::XMLReader::PROPERTY_LEXICAL_HANDLER,
                       static_cast<Poco::XML::LexicalHandler*>(&collector));
    parser.parseMemoryNP(body.data(), body.size());
  } catch (const Poco::Exception& e) {
    if (collector.failed()) return XmlError(collector.problem());
    return XmlError("not well-formed: " + e.displayText());
  } catch (const std::exception& e) {
    return XmlError(std::string("not well-formed: ") + e.what());
  }
  if (collector.failed()) return XmlError(collector.problem());
  if (!collector.saw_root()) return XmlError("no root element");
  if (collector.doc().links.empty()) return XmlError("no Link under Root, User or Domain");
  return std::move(collector.doc());
}

}  // namespace lde::discovery::detail
