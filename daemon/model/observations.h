#pragma once

// Plain data recorded by the network steps (observe), judged later by pure
// functions (analysis). No OpenSSL or POCO types cross a module edge:
// certificates travel as DER bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "model/interned_text.h"

namespace lde::model {

using Der = std::vector<unsigned char>;

// One resolved address of a host, probed on its own.
struct Endpoint {
  InternedText host;    // the name dialled (also the default SNI and Host header)
  std::string address;  // numeric IPv4/IPv6 address actually connected to
  std::uint16_t port = 0;

  // "host:port", the `endpoint` label.
  std::string Name() const { return host + ":" + std::to_string(port); }
  bool operator==(const Endpoint&) const = default;
};

struct TlsObservation {
  InternedText sni;
  InternedText protocol;  // "TLSv1.3", as OpenSSL names it
  InternedText cipher;
  std::vector<Der> presented_chain;  // exactly as sent, position 0 = leaf
  // The server sent more certificates than are kept (tls::kMaxChainLength):
  // presented_chain is their first part.
  bool chain_truncated = false;
  std::optional<Der> ocsp_staple;
  Duration connect_time{};
  Duration handshake_time{};

  bool operator==(const TlsObservation&) const = default;
};

struct HttpObservation {
  int status = 0;
  std::string reason;
  // Header names as received; repeated headers stay separate entries.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool body_truncated = false;  // the body exceeded the configured limit
  Duration elapsed{};           // request sent to body read

  // First value of a header, case-insensitive name match.
  std::optional<std::string> Header(std::string_view name) const;
  // Every value of a header, in order received.
  std::vector<std::string> HeaderValues(std::string_view name) const;

  bool operator==(const HttpObservation&) const = default;
};

}  // namespace lde::model
