#include "discovery/ucwa_resources.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <exception>

#include "common/ascii.h"
#include "common/percent_encode.h"

namespace lde::discovery {
namespace {

// UCWA resources nest a few levels (_links, _embedded); deeper is hostile.
constexpr std::size_t kMaxJsonDepth = 32;
// A server's error code or message in a detail: enough to tell why, short
// enough that a hostile server cannot fill /status with it.
constexpr std::size_t kMaxEchoed = 160;

UcwaFailure Failure(model::Reason reason, std::string detail) {
  return UcwaFailure{reason, std::move(detail)};
}

// The JSON object a body holds, or nothing (not JSON, not an object).
Poco::JSON::Object::Ptr ParseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    Poco::Dynamic::Var root = parser.parse(body);
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
    return root.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {
    return nullptr;
  }
}

// A string member, or nothing (absent, or not a string).
std::optional<std::string> StringMember(const Poco::JSON::Object::Ptr& object, const std::string& key) {
  if (object.isNull() || !object->has(key)) return std::nullopt;
  const Poco::Dynamic::Var& value = object->get(key);
  if (value.type() != typeid(std::string)) return std::nullopt;
  return value.extract<std::string>();
}

// _links.<rel>.href, or nothing.
std::optional<std::string> LinkHref(const Poco::JSON::Object::Ptr& object, const std::string& rel) {
  if (object.isNull() || !object->isObject("_links")) return std::nullopt;
  Poco::JSON::Object::Ptr links = object->getObject("_links");
  if (links.isNull() || !links->isObject(rel)) return std::nullopt;
  auto href = StringMember(links->getObject(rel), "href");
  if (!href || href->empty()) return std::nullopt;
  return href;
}

// Text a server sent, fit for a detail: printable ASCII, cut short.
std::string Echo(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= kMaxEchoed) {
      out += "...";
      break;
    }
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 0x20 && u < 0x7f) ? c : '?';
  }
  return out;
}

bool IsHtml(const model::HttpObservation& http) {
  return AsciiLowerCopy(http.Header("Content-Type").value_or("")).rfind("text/html", 0) == 0;
}

// What every step refuses before reading a body.
std::optional<UcwaFailure> TruncatedOrHtml(const model::HttpObservation& http, const char* what) {
  if (http.body_truncated) {
    return Failure(model::Reason::kBodyTooLarge, std::string(what) + " is larger than max_body_bytes");
  }
  if (http.status >= 200 && http.status < 300 && IsHtml(http)) {
    // A reverse proxy's forms login or a captive portal.
    return Failure(model::Reason::kHtmlPage, std::string(what) + " is an HTML page");
  }
  return std::nullopt;
}

// "answered 403 (Forbidden: Service does not allow ...)": the UCWA error
// resource's code and message, when the body is one.
std::string StatusDetail(const model::HttpObservation& http, const char* who) {
  std::string detail = std::string(who) + " answered " + std::to_string(http.status);
  if (http.body_truncated) return detail;
  auto object = ParseObject(http.body);
  auto code = StringMember(object, "code");
  auto message = StringMember(object, "message");
  if (code || message) {
    detail +=
        " (" + Echo(code.value_or("")) + (code && message ? ": " : "") + Echo(message.value_or("")) + ")";
  }
  return detail;
}

bool IsTokenChar(char c) { return c > 0x20 && c < 0x7f; }

}  // namespace

TokenReply ParseTokenReply(const model::HttpObservation& http) {
  TokenReply reply;
  if (auto failure = TruncatedOrHtml(http, "the token answer")) {
    reply.failure = failure;
    return reply;
  }
  auto object = ParseObject(http.body);
  if (http.status != 200) {
    // RFC 6749 5.2: 400 (or 401) with {"error": "<code>"}.
    if (auto error = StringMember(object, "error")) {
      const bool bad_password = *error == "invalid_grant";
      reply.failure =
          Failure(bad_password ? model::Reason::kInvalidGrant : model::Reason::kOAuthError,
                  "the token endpoint answered " + std::to_string(http.status) + " " + Echo(*error));
    } else {
      reply.failure = Failure(model::Reason::kHttpStatus, StatusDetail(http, "the token endpoint"));
    }
    return reply;
  }
  if (object.isNull()) {
    reply.failure = Failure(model::Reason::kInvalidDocument, "the token answer is not a JSON object");
    return reply;
  }
  auto token = StringMember(object, "access_token");
  if (!token || token->empty()) {
    reply.failure = Failure(model::Reason::kInvalidDocument, "the token answer has no access_token");
    return reply;
  }
  for (char c : *token) {
    if (!IsTokenChar(c)) {
      // It goes into an Authorization header: no spaces, controls or CR/LF.
      reply.failure =
          Failure(model::Reason::kInvalidDocument, "the access_token holds characters a header cannot");
      return reply;
    }
  }
  auto type = StringMember(object, "token_type");
  if (!type || AsciiLowerCopy(*type) != "bearer") {
    // Appended piece by piece: "\"" + Echo(...) makes GCC 12 at -O3 warn
    // falsely (-Wrestrict, bug 105329).
    std::string detail = "the token_type is ";
    if (type) {
      detail.append(1, '"').append(Echo(*type)).append(1, '"');
    } else {
      detail.append("missing");
    }
    reply.failure = Failure(model::Reason::kInvalidDocument, detail.append(", not Bearer"));
    return reply;
  }
  reply.access_token = std::move(*token);
  reply.token_type = std::move(*type);
  return reply;
}

UserReply ParseUserReply(const model::HttpObservation& http) {
  UserReply reply;
  if (auto failure = TruncatedOrHtml(http, "the user resource")) {
    reply.failure = failure;
    return reply;
  }
  if (http.status != 200) {
    reply.failure = Failure(model::Reason::kHttpStatus, StatusDetail(http, "the user resource"));
    return reply;
  }
  auto object = ParseObject(http.body);
  if (object.isNull()) {
    reply.failure = Failure(model::Reason::kInvalidDocument, "the user resource is not a JSON object");
    return reply;
  }
  if (auto applications = LinkHref(object, "applications")) {
    reply.applications_href = std::move(*applications);
  } else if (auto redirect = LinkHref(object, "redirect")) {
    reply.redirect_href = std::move(*redirect);
  } else {
    reply.failure = Failure(model::Reason::kNoApplicationsLink,
                            "the user resource names neither applications nor redirect");
  }
  return reply;
}

ApplicationReply ParseApplicationReply(const model::HttpObservation& http) {
  ApplicationReply reply;
  if (auto failure = TruncatedOrHtml(http, "the application")) {
    reply.failure = failure;
    return reply;
  }
  if (http.status != 201 && http.status != 200) {
    reply.failure = Failure(model::Reason::kHttpStatus, StatusDetail(http, "the applications resource"));
    return reply;
  }
  auto object = ParseObject(http.body);
  if (object.isNull()) {
    reply.failure = Failure(model::Reason::kInvalidDocument, "the application is not a JSON object");
    return reply;
  }
  auto self = LinkHref(object, "self");
  if (!self) {
    reply.failure = Failure(model::Reason::kNoApplicationLink, "the application names no self link");
    return reply;
  }
  reply.self_href = std::move(*self);
  return reply;
}

std::optional<UcwaFailure> CheckDeleteReply(const model::HttpObservation& http) {
  if (http.status >= 200 && http.status < 300) return std::nullopt;
  return Failure(model::Reason::kHttpStatus, StatusDetail(http, "the application"));
}

std::string ApplicationRequestBody(const std::string& user_agent, const std::string& endpoint_id) {
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  return "{\"UserAgent\":" + quoted(user_agent) + ",\"EndpointId\":" + quoted(endpoint_id) +
         ",\"Culture\":\"en-US\"}";
}

std::string PasswordGrantBody(const std::string& username, const std::string& password) {
  return "grant_type=password&username=" + PercentEncode(username) + "&password=" + PercentEncode(password);
}

}  // namespace lde::discovery
