#pragma once

#include <string>
#include <vector>

namespace lde::discovery {

// What a 401 from the autodiscover `user` link offers. A healthy Lync/SfB web
// service answers with a `MsRtcOAuth href="<token endpoint>"` challenge (UCWA
// "Authentication in UCWA"); a reverse proxy doing pre-authentication offers
// only Negotiate/NTLM/Basic, which a phone cannot use.
struct OAuthChallenge {
  bool present = false;                  // a MsRtcOAuth challenge with a non-empty href
  std::string href;                      // its token endpoint
  std::vector<std::string> grant_types;  // its grant_type list, split on commas
  // Every scheme offered, in order, without duplicates. Well-known schemes
  // get their usual spelling ("Bearer", "MsRtcOAuth", "Negotiate", "NTLM",
  // "Basic", "Digest"); others are kept as sent.
  std::vector<std::string> schemes;

  bool operator==(const OAuthChallenge&) const = default;
};

// Parses WWW-Authenticate field values (RFC 7235 §4.1, §2.1). Accepts one
// header per challenge and several challenges folded into one line, with
// commas inside quoted strings. Never fails: unparseable pieces are skipped.
OAuthChallenge ParseWwwAuthenticate(const std::vector<std::string>& header_values);

}  // namespace lde::discovery
