// Feeds one body to ParseDiscoveryDocument as JSON and as autodiscover XML.
// Beyond "no crash, no hang", checks the parser's promises on success.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "discovery/document_parser.h"
#include "discovery/url.h"

namespace {

void Check(const lde::Result<lde::model::DiscoveryDocument>& result) {
  if (!result.ok()) {
    if (result.error().detail.empty()) __builtin_trap();
    return;
  }
  const auto& doc = result.value();
  if (doc.links.empty() || doc.links.size() > lde::discovery::kMaxDocumentLinks) __builtin_trap();
  for (const auto& link : doc.links) {
    if (link.rel.empty() || !lde::discovery::ParseUrl(link.href).ok()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  const std::string base =
      "https://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root?sipuri=a@contoso.test";
  Check(lde::discovery::ParseDiscoveryDocument(body, "application/json", base));
  Check(lde::discovery::ParseDiscoveryDocument(body, "application/vnd.microsoft.rtc.autodiscover+xml; v=1",
                                               base));
  return 0;
}
