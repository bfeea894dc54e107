#include "http/routes.h"

namespace lde::http {

RouteMatch MatchRoute(std::string_view method, std::string_view path) {
  Route route;
  if (path == "/") route = Route::kLanding;
  else if (path == "/metrics") route = Route::kMetrics;
  else if (path == "/-/healthy") route = Route::kHealthy;
  else if (path == "/-/reload") route = Route::kReload;
  else if (path == "/status") route = Route::kStatus;
  else return {Route::kNotFound, ""};

  if (route == Route::kReload) {
    // Reloading changes state, so a GET (a crawler, a browser prefetch)
    // must not trigger it; Prometheus' own /-/reload behaves the same.
    if (method == "POST") return {route, ""};
    return {Route::kMethodNotAllowed, "POST"};
  }
  if (method == "GET" || method == "HEAD") return {route, ""};
  return {Route::kMethodNotAllowed, "GET, HEAD"};
}

bool IsSupportedHttpVersion(std::string_view version) {
  return version == "HTTP/1.0" || version == "HTTP/1.1";
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool tchar = alnum || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                              std::string_view::npos;
    if (!tchar) return false;
  }
  return true;
}

}  // namespace lde::http
