#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/budgets.h"

namespace lde::model {
class TextList;  // model/packed_cert_facts.h
}  // namespace lde::model

namespace lde::metrics {

// OpenSSL's protocol name ("TLSv1.3", "TLSv1", "SSLv3") in blackbox_exporter's
// spelling ("TLS 1.3", "TLS 1.0", "SSL 3.0"); unknown names pass through.
std::string TlsVersionLabel(std::string_view openssl_name);

// A label value as it may be rendered. Remote peers choose hrefs, subjects,
// schemes and host names, so every value passes here on its way out
// (RenderMetrics for every label of every family, and RenderText through
// AppendLabelValue):
//  - C0 controls (except line feed, which the text format escapes as \n)
//    and DEL become their Unicode Control Pictures symbol (CR -> U+240D,
//    NUL -> U+2400, DEL -> U+2421), so they stay visible but never raw;
//  - C1 controls (U+0080..U+009F) and ill-formed UTF-8 become U+FFFD, one
//    per maximal subpart;
//  - a value longer than `max_bytes` after that is cut on a character
//    boundary and ends with "…[truncated N bytes]", N the bytes of `value`
//    not shown; the whole is at most `max_bytes`.
// Returns `value` itself when nothing needs changing (no copy), else a view
// of `scratch`. Work is O(min(value.size(), max_bytes)).
std::string_view BoundLabelValue(std::string_view value, std::string& scratch,
                                 std::size_t max_bytes = model::budget::kLabelValueBytes.value);

// ",a.example,b.example," (ssl_exporter's convention, so a PromQL regex can
// match one name), or "" when there are none. Each name is repaired as
// BoundLabelValue repairs a value; whole names are kept while the label
// fits kDnsNamesLabelBytes, then the rest is one last element
// ",…[truncated N names],", so the comma-wrapped form stays valid and
// `dnsnames=~".*,a\\.example,.*"` still matches exactly one name.
std::string DnsNamesLabel(const std::vector<std::string>& names);
// The same written into `out`, reusing its capacity.
void AssignDnsNamesLabel(const model::TextList& names, std::string& out);

}  // namespace lde::metrics
