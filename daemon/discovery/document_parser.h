#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"
#include "discovery/redirect_policy.h"  // the redirect rules that go with a parsed document
#include "model/budgets.h"
#include "model/discovery_document.h"

namespace lde::discovery {

// Defensive bounds (model/budgets.h): a real root or user document is well
// under 4 KiB with fewer than 20 links.
inline constexpr std::size_t kMaxDocumentBytes = model::budget::kDiscoveryDocumentBytes.value;
inline constexpr std::size_t kMaxDocumentLinks = model::budget::kDiscoveryLinks.value;

// Parses an autodiscover response body the way a client does, choosing the
// format from the Content-Type (parameters ignored, case-insensitive):
//  - application/json, application/vnd.microsoft.com.ucwa+json: UCWA JSON,
//    each `_links` member {"href": "..."} becomes a link (rel = lower-cased
//    key; JSON members are unordered, links come sorted by rel);
//  - application/vnd.microsoft.rtc.autodiscover+xml (any `v=` parameter),
//    application/xml, text/xml: MS-OCDISCWS XML, `AutodiscoverResponse`
//    (no namespace) with Link@token@href under Root, User or Domain (rel =
//    lower-cased token, e.g. "external/ucwa"), AccessLocation kept. A DOCTYPE
//    is rejected (no DTDs, no entities: XXE and entity expansion).
// Every href is resolved against `base_url` (RFC 3986 §5) and must then be
// an http(s) URL. Errors: kBodyTooLarge above kMaxDocumentBytes; otherwise
// kDiscoveryParse (empty body, other content type such as an HTML login page,
// malformed document, wrong root, no links, more than kMaxDocumentLinks
// links, a link without a usable href).
Result<model::DiscoveryDocument> ParseDiscoveryDocument(std::string_view body, std::string_view content_type,
                                                        const std::string& base_url);

}  // namespace lde::discovery
