#pragma once

// Reading the answers of the authenticated UCWA sign-in (UCWA "Authentication
// in UCWA", "Create an application"): the token endpoint's, the user
// resource's and the applications resource's. Pure: the caller fetched the
// answer (bounded by max_body_bytes: a truncated body is refused, never
// parsed). Every failure carries a model::Reason, a label value, and a detail
// that never quotes a token or a password (only a server's error code and
// message, cut short).

#include <optional>
#include <string>

#include "model/observations.h"
#include "model/vocabulary.h"

namespace lde::discovery {

struct UcwaFailure {
  model::Reason reason = model::Reason::kInvalidDocument;
  std::string detail;

  bool operator==(const UcwaFailure&) const = default;
};

// The token endpoint's answer to the password grant: 200 JSON with
// access_token and token_type Bearer; a 4xx OAuth error (RFC 6749 5.2) is
// invalid_grant (a wrong password) or oauth_error (the detail names the
// code); another status is http_status; a login page is html_page.
struct TokenReply {
  std::optional<UcwaFailure> failure;
  std::string access_token;  // printable ASCII without spaces: safe in a header
  std::string token_type;

  bool operator==(const TokenReply&) const = default;
};
TokenReply ParseTokenReply(const model::HttpObservation& http);

// The user resource, asked with the bearer token: 200 JSON whose _links name
// `applications` (or only `redirect`: the user's pool is elsewhere, follow it).
// No such link is no_applications_link; 401 (the token was refused) and any
// other status are http_status.
struct UserReply {
  std::optional<UcwaFailure> failure;
  std::string applications_href;  // as sent: may be relative
  std::string redirect_href;      // set only when there is no applications link

  bool operator==(const UserReply&) const = default;
};
UserReply ParseUserReply(const model::HttpObservation& http);

// The answer to creating an application: 201 (or 200) JSON whose
// _links.self.href names it (no_application_link otherwise); any other
// status is http_status, its detail the server's UCWA error code and message.
struct ApplicationReply {
  std::optional<UcwaFailure> failure;
  std::string self_href;  // as sent: may be relative

  bool operator==(const ApplicationReply&) const = default;
};
ApplicationReply ParseApplicationReply(const model::HttpObservation& http);

// The answer to deleting the application: any 2xx, else http_status.
std::optional<UcwaFailure> CheckDeleteReply(const model::HttpObservation& http);

// The JSON body of creating an application: UserAgent, EndpointId (a fresh
// UUID, one per sign-in) and Culture en-US, each JSON-escaped.
std::string ApplicationRequestBody(const std::string& user_agent, const std::string& endpoint_id);

// The form body of the password grant, every value percent-encoded.
std::string PasswordGrantBody(const std::string& username, const std::string& password);

}  // namespace lde::discovery
