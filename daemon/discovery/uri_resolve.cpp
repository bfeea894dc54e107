#include <string>

#include "discovery/uri_parts.h"
#include "discovery/url.h"

namespace lde::discovery {
namespace {

// RFC 3986 §5.2.3.
std::string Merge(const detail::UriParts& base, std::string_view ref_path) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(ref_path);
  std::size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(ref_path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(ref_path);
}

}  // namespace

Result<std::string> ResolveReference(const std::string& base, const std::string& ref) {
  auto r_split = detail::SplitUri(ref);
  if (!r_split) {
    return MakeError(ErrorKind::kDiscoveryParse, "bad reference \"" + ref + "\": " + r_split.error().detail);
  }
  const detail::UriParts& r = r_split.value();

  // Storage for the computed path; T's views point either into it or into
  // the inputs, which all outlive Recompose below.
  std::string path;
  detail::UriParts t;
  if (r.has_scheme) {
    path = detail::RemoveDotSegments(r.path);
    t = r;
    t.path = path;
    return detail::Recompose(t);
  }

  auto b_split = detail::SplitUri(base);
  if (!b_split || !b_split.value().has_scheme) {
    return MakeError(ErrorKind::kDiscoveryParse, "base URL \"" + base + "\" is not absolute");
  }
  const detail::UriParts& b = b_split.value();

  // RFC 3986 §5.2.2, the "strict" variant.
  if (r.has_authority) {
    t.has_authority = true;
    t.authority = r.authority;
    path = detail::RemoveDotSegments(r.path);
    t.has_query = r.has_query;
    t.query = r.query;
  } else {
    if (r.path.empty()) {
      path = std::string(b.path);
      t.has_query = r.has_query ? true : b.has_query;
      t.query = r.has_query ? r.query : b.query;
    } else {
      path = detail::RemoveDotSegments(r.path.starts_with('/') ? std::string(r.path) : Merge(b, r.path));
      t.has_query = r.has_query;
      t.query = r.query;
    }
    t.has_authority = b.has_authority;
    t.authority = b.authority;
  }
  t.has_scheme = true;
  t.scheme = b.scheme;
  t.path = path;
  t.has_fragment = r.has_fragment;
  t.fragment = r.fragment;
  return detail::Recompose(t);
}

}  // namespace lde::discovery
