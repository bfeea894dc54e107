#include "discovery/document_parser.h"

#include <utility>

#include "common/ascii.h"
#include "discovery/document_extract.h"
#include "discovery/uri_parts.h"
#include "discovery/url.h"

namespace lde::discovery {
namespace {

enum class BodyFormat { kJson, kXml, kOther };

// Media type without parameters, trimmed and lower case (RFC 9110 §8.3.1).
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  return AsciiLowerCopy(type);
}

// UCWA PayloadFormat lists the JSON types; MS-OCDISCWS and every XML client
// (sipe, Exchange monitor) use application/vnd.microsoft.rtc.autodiscover+xml.
BodyFormat FormatOf(const std::string& media_type) {
  if (media_type == "application/json" || media_type == "application/vnd.microsoft.com.ucwa+json") {
    return BodyFormat::kJson;
  }
  if (media_type == "application/vnd.microsoft.rtc.autodiscover+xml" || media_type == "application/xml" ||
      media_type == "text/xml") {
    return BodyFormat::kXml;
  }
  return BodyFormat::kOther;
}

bool IsBlank(std::string_view body) { return body.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

Result<model::DiscoveryDocument> ParseDiscoveryDocument(std::string_view body, std::string_view content_type,
                                                        const std::string& base_url) {
  if (body.size() > kMaxDocumentBytes) {
    return MakeError(ErrorKind::kBodyTooLarge, "discovery document of " + std::to_string(body.size()) +
                                                   " bytes exceeds " + std::to_string(kMaxDocumentBytes));
  }
  std::string media_type = MediaType(content_type);
  BodyFormat format = FormatOf(media_type);
  if (format == BodyFormat::kOther) {
    // Typically an RP forms-login page or a captive portal answering 200.
    std::string shown = media_type.empty() ? "(none)" : media_type.substr(0, 100);
    return MakeError(
        ErrorKind::kDiscoveryParse,
        "content type " + shown + " is not a discovery document (expected JSON or autodiscover XML)");
  }
  if (IsBlank(body)) return MakeError(ErrorKind::kDiscoveryParse, "empty discovery document");

  auto raw = format == BodyFormat::kJson ? detail::ExtractJsonLinks(body, kMaxDocumentLinks)
                                         : detail::ExtractXmlLinks(body, kMaxDocumentLinks);
  if (!raw) return raw.error();

  model::DiscoveryDocument doc;
  doc.format = format == BodyFormat::kJson ? model::DiscoveryDocument::Format::kJson
                                           : model::DiscoveryDocument::Format::kXml;
  doc.access_location = std::move(raw.value().access_location);
  for (model::DiscoveryLink& link : raw.value().links) {
    // An empty reference would resolve to the document itself (§5.2.2),
    // which no server means: report it rather than loop on it.
    if (link.href.empty())
      return MakeError(ErrorKind::kDiscoveryParse, "link '" + link.rel + "' has an empty href");
    // UCWA samples use relative hrefs (root_ref); the client resolves them
    // against the URL it fetched.
    auto resolved = ResolveReference(base_url, link.href);
    if (!resolved) {
      return MakeError(ErrorKind::kDiscoveryParse, "link '" + link.rel + "': " + resolved.error().detail);
    }
    if (auto url = ParseUrl(resolved.value()); !url) {
      return MakeError(ErrorKind::kDiscoveryParse, "link '" + link.rel + "': " + url.error().detail);
    }
    doc.links.push_back({std::move(link.rel), std::move(resolved.value())});
  }
  return doc;
}

}  // namespace lde::discovery
