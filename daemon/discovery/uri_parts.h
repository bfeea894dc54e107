#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

// Internal to lde_discovery: the generic RFC 3986 pieces shared by ParseUrl
// and ResolveReference.
namespace lde::discovery::detail {

// The five components of RFC 3986 Appendix B. The has_* flags keep the
// difference between "absent" and "empty" that §5.2.2 depends on.
struct UriParts {
  bool has_scheme = false;
  std::string_view scheme;
  bool has_authority = false;
  std::string_view authority;
  std::string_view path;
  bool has_query = false;
  std::string_view query;
  bool has_fragment = false;
  std::string_view fragment;
};

// Checks that every byte is allowed in a URI (unreserved, reserved or a
// well-formed %XX escape) and splits it. The views point into `text`.
Result<UriParts> SplitUri(std::string_view text);

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string_view path);

// RFC 3986 §5.3.
std::string Recompose(const UriParts& parts);

}  // namespace lde::discovery::detail
