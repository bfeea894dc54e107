#pragma once

#include <string>
#include <string_view>

namespace lde::http {

enum class Route { kLanding, kMetrics, kHealthy, kReload, kStatus, kNotFound, kMethodNotAllowed };

struct RouteMatch {
  Route route = Route::kNotFound;
  std::string allow;  // the Allow header for kMethodNotAllowed (RFC 9110 15.5.6)
  bool operator==(const RouteMatch&) const = default;
};

// Which handler serves (method, path). GET routes also answer HEAD;
// /-/reload answers POST only. Pure, so routing is tested without sockets.
RouteMatch MatchRoute(std::string_view method, std::string_view path);

// POCO's parser is lenient; these checks reject, with 400, what RFC 9112
// does not allow and POCO lets through.
// "HTTP/1.0" or "HTTP/1.1" (section 2.3).
bool IsSupportedHttpVersion(std::string_view version);
// A field name is a non-empty token (RFC 9110 section 5.1: tchar only, so no
// spaces and no colon-less junk lines).
bool IsToken(std::string_view text);

}  // namespace lde::http
