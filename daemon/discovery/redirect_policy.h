#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "discovery/url.h"

namespace lde::discovery {

// The UCWA "Root URL" security check a client runs before following a
// redirect link: accept when the response that carried the link came over
// HTTPS (`from` is the URL that was fetched), or when the target host is in
// the sign-in (SIP) domain. Otherwise a real client prompts the user, which a
// phone user cannot judge, so a probe counts it as a failure.
bool RedirectAllowed(const Url& from, const Url& to, std::string_view sip_domain);

// Loop-safe redirect following. The first Visit is the starting URL; each
// further Visit is one hop. Not thread-safe (one tracker per discovery walk).
class RedirectTracker {
 public:
  // Microsoft's own autodiscover monitor stops after 10 redirects.
  explicit RedirectTracker(int max_hops = 10);

  // Records `url` and returns true when it may be fetched. Errors:
  // kRedirectLoop when the URL was visited before (scheme and host compared
  // case-insensitively, default ports folded) or when this visit would exceed
  // max_hops redirects; kDiscoveryParse when `url` is not an http(s) URL.
  Result<bool> Visit(const std::string& url);

  int hops() const { return visited_.empty() ? 0 : static_cast<int>(visited_.size()) - 1; }
  const std::vector<std::string>& visited() const { return visited_; }  // canonical forms

 private:
  int max_hops_;
  std::vector<std::string> visited_;
};

}  // namespace lde::discovery
