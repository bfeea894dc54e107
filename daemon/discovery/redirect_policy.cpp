#include "discovery/redirect_policy.h"

#include <algorithm>

namespace lde::discovery {

bool RedirectAllowed(const Url& from, const Url& to, std::string_view sip_domain) {
  return from.scheme == "https" || HostInDomain(to.host, sip_domain);
}

RedirectTracker::RedirectTracker(int max_hops) : max_hops_(std::max(0, max_hops)) {}

Result<bool> RedirectTracker::Visit(const std::string& url) {
  auto parsed = ParseUrl(url);
  if (!parsed) return parsed.error();
  std::string canonical = parsed.value().ToString();
  if (std::find(visited_.begin(), visited_.end(), canonical) != visited_.end()) {
    return MakeError(ErrorKind::kRedirectLoop, "redirect loop: " + canonical + " was already visited after " +
                                                   std::to_string(hops()) + " redirect(s)");
  }
  if (!visited_.empty() && hops() >= max_hops_) {
    return MakeError(ErrorKind::kRedirectLoop,
                     "more than " + std::to_string(max_hops_) + " redirects (next: " + canonical + ")");
  }
  visited_.push_back(std::move(canonical));
  return true;
}

}  // namespace lde::discovery
