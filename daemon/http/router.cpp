#include "http/router.h"

#include <algorithm>

#include "common/ascii.h"

namespace lde::http {
namespace {

bool Allows(const Route& route, std::string_view method) {
  for (const auto& m : route.methods) {
    if (m == method || (m == "GET" && method == "HEAD")) return true;
  }
  return false;
}

std::string AllowHeader(const Route& route) {
  std::string out;
  for (const auto& m : route.methods) {
    out += (out.empty() ? "" : ", ") + m;
    if (m == "GET") out += ", HEAD";
  }
  return out;
}

// "https://host:port/..." -> "host:port" (lower case).
std::string OriginAuthority(std::string_view origin) {
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return "";
  std::string_view rest = origin.substr(scheme_end + 3);
  return AsciiLowerCopy(rest.substr(0, rest.find('/')));
}

}  // namespace

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

RouteLookup Router::Match(std::string_view method, std::string_view path) const {
  auto it = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) { return r.path == path; });
  if (it == routes_.end()) return {nullptr, 404, ""};
  if (!Allows(*it, method)) return {nullptr, 405, AllowHeader(*it)};
  return {&*it, 200, ""};
}

bool IsCrossSiteRequest(const HttpRequest& request) {
  if (auto site = request.Header("Sec-Fetch-Site")) {
    if (*site != "same-origin" && *site != "none") return true;
  }
  auto origin = request.Header("Origin");
  if (!origin) return false;
  auto host = request.Header("Host");
  return *origin == "null" || !host || OriginAuthority(*origin) != AsciiLowerCopy(*host);
}

}  // namespace lde::http
