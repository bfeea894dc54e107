#include "model/discovery_document.h"

#include <strings.h>

namespace lde::model {

std::optional<std::string> DiscoveryDocument::Link(std::string_view rel) const {
  for (const auto& link : links) {
    if (link.rel.size() == rel.size() && ::strncasecmp(link.rel.data(), rel.data(), rel.size()) == 0) {
      return link.href;
    }
  }
  return std::nullopt;
}

}  // namespace lde::model
