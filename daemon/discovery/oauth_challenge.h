#pragma once

#include <cstddef>
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
  // The schemes offered, in order, without duplicates: the first
  // budget::kAuthSchemes distinct ones (a hostile server must not choose how
  // many series lyncdiscover_user_auth_scheme_info has). Well-known schemes
  // get their usual spelling ("Bearer", "MsRtcOAuth", "Negotiate", "NTLM",
  // "Basic", "Digest"); others are kept as sent.
  std::vector<std::string> schemes;
  // Challenges whose scheme was not kept because `schemes` was full. The
  // MsRtcOAuth challenge is still found among them (`present`).
  std::size_t schemes_dropped = 0;

  bool operator==(const OAuthChallenge&) const = default;
};

// What one parse cost, so tests can check that the work grows linearly with
// the input rather than with its square.
struct WwwAuthenticateWork {
  std::size_t challenges = 0;          // challenges met
  std::size_t scheme_comparisons = 0;  // at most budget::kAuthSchemes per challenge
};

// Parses WWW-Authenticate field values (RFC 7235 §4.1, §2.1). Accepts one
// header per challenge and several challenges folded into one line, with
// commas inside quoted strings. Never fails: unparseable pieces are skipped.
// One pass, linear in the total size of the values: only the parameters of
// a MsRtcOAuth challenge are kept. `work`, when given, receives the cost.
OAuthChallenge ParseWwwAuthenticate(const std::vector<std::string>& header_values,
                                    WwwAuthenticateWork* work = nullptr);

}  // namespace lde::discovery
