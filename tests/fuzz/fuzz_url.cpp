// Input "base\nref": ParseUrl on both, ResolveReference, the redirect rules.
// Checks that a parsed URL survives ToString -> ParseUrl unchanged.
#include <cstddef>
#include <cstdint>
#include <string>

#include "discovery/redirect_policy.h"
#include "discovery/url.h"

namespace {

void CheckRoundTrip(const std::string& text) {
  auto url = lde::discovery::ParseUrl(text);
  if (!url.ok()) return;
  auto again = lde::discovery::ParseUrl(url.value().ToString());
  if (!again.ok() || !(again.value() == url.value())) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t nl = text.find('\n');
  std::string base = text.substr(0, nl);
  std::string ref = nl == std::string::npos ? std::string() : text.substr(nl + 1);

  CheckRoundTrip(text);
  CheckRoundTrip(base);
  CheckRoundTrip(ref);
  auto resolved = lde::discovery::ResolveReference(base, ref);
  if (resolved.ok()) CheckRoundTrip(resolved.value());

  auto from = lde::discovery::ParseUrl(base);
  auto to = lde::discovery::ParseUrl(resolved.ok() ? resolved.value() : ref);
  if (from.ok() && to.ok()) {
    (void)lde::discovery::RedirectAllowed(from.value(), to.value(), "contoso.test");
    (void)lde::discovery::HostInDomain(to.value().host, from.value().host);
    lde::discovery::RedirectTracker tracker(2);
    (void)tracker.Visit(base);
    (void)tracker.Visit(resolved.ok() ? resolved.value() : ref);
    if (tracker.Visit(base).ok()) __builtin_trap();  // a revisit is always a loop
  }
  return 0;
}
