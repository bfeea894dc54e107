#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lde::model {

// One link of a Lync autodiscover document. `rel` is normalised to lower case
// ("self", "user", "xframe", "redirect", "oauth", "domain", ...): JSON carries
// it as a `_links` key, XML as `Link@token`. `href` is absolute (relative
// hrefs are resolved against the document's URL by the parser).
struct DiscoveryLink {
  std::string rel;
  std::string href;

  bool operator==(const DiscoveryLink&) const = default;
};

struct DiscoveryDocument {
  enum class Format { kJson, kXml };
  Format format = Format::kJson;
  std::vector<DiscoveryLink> links;
  std::string access_location;  // XML AccessLocation attribute, "" if absent

  // First link with this rel (case-insensitive), if any.
  std::optional<std::string> Link(std::string_view rel) const;
  bool IsRedirect() const { return Link("redirect").has_value(); }

  bool operator==(const DiscoveryDocument&) const = default;
};

}  // namespace lde::model
