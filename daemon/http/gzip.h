#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lde::http {

// True when an Accept-Encoding value (RFC 9110 12.5.3) accepts gzip:
// "gzip" or "x-gzip" or "*" with a q-value above 0, the most specific entry
// deciding ("*, gzip;q=0" refuses gzip).
bool AcceptsGzip(std::optional<std::string_view> accept_encoding);

// A gzip member (RFC 1952) holding `data`, at a fast compression level: a
// scrape is compressed once per request, so CPU matters more than ratio.
std::string GzipCompress(std::string_view data);

}  // namespace lde::http
