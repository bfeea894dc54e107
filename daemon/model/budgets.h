#pragma once

// Every bound on what remote peers can make the exporter keep, render or log,
// in one place: a hostile DNS server, web server or certificate must not set
// the number or the size of the series, nor the length of the log. Each
// budget has its default here, its config key where an operator may need
// another value (the config loader takes the range from here too), and a row
// in the README's "Limits" table, which tests/unit/config/limits_doc_test.cpp
// checks against kBudgets.
//
// Why model/: it is the bottom of the module graph (everything but common/
// links it), so config/ (defaults, ranges), discovery/ (schemes),
// probe/ (addresses, log lines) and metrics/ (labels) read the same numbers
// without a link that the layering forbids (metrics/ and discovery/ do not
// link config/).

#include <cstddef>
#include <string_view>

namespace lde::model::budget {

struct Budget {
  std::string_view name;        // the first column of the README's Limits table
  std::size_t value;            // the default (the only value when config_key is "")
  std::string_view unit;        // "bytes", "schemes", ...: the README writes "<value> <unit>"
  std::string_view config_key;  // "" when not configurable
  std::size_t min = 0;          // accepted range of config_key
  std::size_t max = 0;
};

// One rendered label value, truncation marker included ("…[truncated N
// bytes]"): hrefs, subjects, issuers, schemes, host names. Cut on a UTF-8
// character boundary.
inline constexpr Budget kLabelValueBytes{"label value", 1024, "bytes", ""};
// The comma-wrapped SAN list of lyncdiscover_cert_info (",a,b,"): whole
// names are kept while they fit, then ",…[truncated N names],".
inline constexpr Budget kDnsNamesLabelBytes{"dnsnames label", 1024, "bytes", ""};
// A failure detail (free text quoting what a peer sent) in a probe's log
// line, in the daemon's log and in /status's log lines.
inline constexpr Budget kFailureDetailBytes{"failure detail in a log line", 256, "bytes", ""};
// Distinct WWW-Authenticate schemes kept from one 401 answer, in the order
// offered; lyncdiscover_user_auth_schemes_dropped counts the rest.
inline constexpr Budget kAuthSchemes{"auth schemes per challenge", 16, "schemes", ""};
// Addresses of one DNS answer that are kept and probed; the rest are counted
// in lyncdiscover_dns_addresses_skipped, neither probed nor kept.
inline constexpr Budget kAddressesPerName{.name = "addresses per name",
                                          .value = 16,
                                          .unit = "addresses",
                                          .config_key = "global.max_addresses_per_name",
                                          .min = 1,
                                          .max = 256};
// An HTTP body is read up to this size; the rest is ignored
// (HttpObservation::body_truncated).
inline constexpr Budget kBodyBytes{.name = "HTTP body",
                                   .value = 256 * 1024,
                                   .unit = "bytes",
                                   .config_key = "global.max_body_bytes",
                                   .min = 1,
                                   .max = 64 * 1024 * 1024};
// What one HTTP response may take on the wire besides its body (the body
// counts too, up to the HTTP body budget): status line, header and trailer
// fields, chunk-size lines with their extensions. A full header section
// (64 KiB) plus as much again. Crossing it ends the exchange (http_protocol).
inline constexpr Budget kHttpFramingBytes{"HTTP framing per response", 128 * 1024, "bytes", ""};
// Lines a probe keeps for /status (a probe logs one line per failed step,
// and one per fan-out over a name's addresses).
inline constexpr Budget kLogLinesPerProbe{"log lines kept per probe", 64, "lines", ""};
// An autodiscover document: bigger is refused (kBodyTooLarge), more links
// make it invalid; redirect links followed before giving up.
inline constexpr Budget kDiscoveryDocumentBytes{"discovery document", 1024 * 1024, "bytes", ""};
inline constexpr Budget kDiscoveryLinks{"discovery links", 64, "links", ""};
inline constexpr Budget kRedirects{"discovery redirects", 10, "hops", ""};
// SIP domains one deployment lists (`sip_domains`, its `domain` included):
// each adds names its certificates must carry, so each can add a
// lyncdiscover_cert_san_missing series per endpoint.
inline constexpr Budget kSipDomains{"SIP domains per deployment", 32, "domains", ""};
// Names one endpoint's certificate is checked for: two per SIP domain on a
// Front End, one per SIP domain plus the web services names on the reverse
// proxy. Beyond it names are not checked (SanReport::names_dropped).
inline constexpr Budget kRequiredNames{"names required per certificate", 96, "names", ""};

// A server's Certificate message (SSL_CTX_set_max_cert_list): a leaf with
// thousands of names still yields its certificate metrics.
inline constexpr Budget kCertificateMessageBytes{"certificate message", 1024 * 1024, "bytes", ""};
// Certificates kept from a presented chain; a longer chain is reported as
// chain_truncated, never as a silent unknown_issuer.
inline constexpr Budget kChainCertificates{"certificates kept per chain", 16, "certificates", ""};
// Downloads of revocation lists and AIA issuer certificates.
inline constexpr Budget kCrlBytes{"CRL download", 1024 * 1024, "bytes", ""};
inline constexpr Budget kIssuerBytes{"AIA issuer download", 64 * 1024, "bytes", ""};
// A live OCSP answer: real ones are a few KiB (a response, perhaps with its
// responder's certificate); bigger is kBodyTooLarge, the status unavailable.
inline constexpr Budget kOcspResponseBytes{"OCSP response download", 64 * 1024, "bytes", ""};
// Each of the CRL, OCSP and AIA caches, by bytes held (least recently used
// dropped first); only what decoded as a CRL, OCSP response or certificate
// keeps its bytes.
inline constexpr Budget kFetchCacheBytes{"CRL, OCSP and AIA caches, each", 16 * 1024 * 1024, "bytes", ""};
// Decoded certificates memoised by DER (a decoded certificate is charged
// about seven times its DER size). Small on purpose: what a probe needs again
// is what it just decoded, and OpenSSL holds ~8 KB per decoded certificate, so
// an estate-sized memo would be most of the daemon's memory (verdicts, the
// expensive part, are remembered per trust store as digests instead).
inline constexpr Budget kParsedCertificateCacheBytes{"decoded certificate cache", 16 * 1024 * 1024, "bytes",
                                                     ""};
// The files an operator points the daemon at: a non-regular file (/dev/zero,
// a FIFO) or a bigger one is refused with a message.
inline constexpr Budget kConfigFileBytes{"config file", 4 * 1024 * 1024, "bytes", ""};
inline constexpr Budget kWebConfigFileBytes{"web config file", 1024 * 1024, "bytes", ""};

// The HTML status pages (GET /, GET /status?target=): each value a peer
// chose (subject, href, detail, log line) is cut to this, and each list
// (endpoints, certificates, links, violations, log lines) shows this many
// rows and then a line that counts the rest; the JSON has everything.
inline constexpr Budget kStatusPageValueBytes{"status page value", 1024, "bytes", ""};
inline constexpr Budget kStatusPageRows{"status page rows per list", 64, "rows", ""};

inline constexpr Budget kBudgets[] = {
    kLabelValueBytes,
    kDnsNamesLabelBytes,
    kFailureDetailBytes,
    kAuthSchemes,
    kAddressesPerName,
    kBodyBytes,
    kHttpFramingBytes,
    kLogLinesPerProbe,
    kDiscoveryDocumentBytes,
    kDiscoveryLinks,
    kRedirects,
    kSipDomains,
    kRequiredNames,
    kCertificateMessageBytes,
    kChainCertificates,
    kCrlBytes,
    kIssuerBytes,
    kOcspResponseBytes,
    kFetchCacheBytes,
    kParsedCertificateCacheBytes,
    kConfigFileBytes,
    kWebConfigFileBytes,
    kStatusPageValueBytes,
    kStatusPageRows,
};

// The truncation marker must leave room for some of the value.
static_assert(kLabelValueBytes.value >= 64 && kDnsNamesLabelBytes.value >= 64 &&
              kFailureDetailBytes.value >= 64 && kStatusPageValueBytes.value >= 64);
// Every lyncdiscover(internal).<d> name of a full list of SIP domains is checked.
static_assert(2 * kSipDomains.value <= kRequiredNames.value);
static_assert(kAddressesPerName.min <= kAddressesPerName.value &&
              kAddressesPerName.value <= kAddressesPerName.max);
static_assert(kBodyBytes.min <= kBodyBytes.value && kBodyBytes.value <= kBodyBytes.max);

}  // namespace lde::model::budget
