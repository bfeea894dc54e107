// The answers of the authenticated UCWA sign-in, as a hostile pool might send
// them. Input: byte 0 picks the status, byte 1 the Content-Type, the rest is
// the body. Every parser must return a failure or a complete reply.
#include <cstddef>
#include <cstdint>
#include <string>

#include "discovery/ucwa_resources.h"

namespace {

constexpr int kStatuses[] = {200, 201, 204, 301, 400, 401, 403, 404, 500, 502};
constexpr const char* kTypes[] = {"application/json", "text/html; charset=utf-8", "", "application/xml"};

bool Printable(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  lde::model::HttpObservation http;
  http.status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  const char* type = kTypes[data[1] % (sizeof kTypes / sizeof kTypes[0])];
  if (*type != '\0') http.headers.emplace_back("Content-Type", type);
  http.body.assign(reinterpret_cast<const char*>(data) + 2, size - 2);
  http.body_truncated = (data[1] & 0x80) != 0;

  auto token = lde::discovery::ParseTokenReply(http);
  // A token goes into a header: never empty, never a space or control byte.
  if (!token.failure && (token.access_token.empty() || !Printable(token.access_token))) __builtin_trap();
  if (token.failure && !token.access_token.empty()) __builtin_trap();

  auto user = lde::discovery::ParseUserReply(http);
  if (!user.failure && user.applications_href.empty() == user.redirect_href.empty()) __builtin_trap();

  auto app = lde::discovery::ParseApplicationReply(http);
  if (!app.failure && app.self_href.empty()) __builtin_trap();

  // A truncated body is never parsed.
  if (http.body_truncated && (!token.failure || !user.failure || !app.failure)) __builtin_trap();
  (void)lde::discovery::CheckDeleteReply(http);
  return 0;
}
