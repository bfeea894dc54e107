#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "model/discovery_document.h"

// Internal to lde_discovery: format-specific link extraction. Hrefs come out
// as written in the document; ParseDiscoveryDocument resolves them.
namespace lde::discovery::detail {

struct RawDocument {
  std::vector<model::DiscoveryLink> links;
  std::string access_location;
};

Result<RawDocument> ExtractJsonLinks(std::string_view body, std::size_t max_links);
Result<RawDocument> ExtractXmlLinks(std::string_view body, std::size_t max_links);

}  // namespace lde::discovery::detail
