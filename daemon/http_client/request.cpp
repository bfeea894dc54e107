#include "http_client/request.h"

#include <strings.h>

#include <array>

#include "common/host_port.h"
#include "common/http_syntax.h"

namespace lde::http_client {
namespace {

bool IsReserved(std::string_view name) {
  static constexpr std::array<std::string_view, 4> kReserved = {"Host", "Connection", "Content-Length",
                                                                "Transfer-Encoding"};
  for (auto r : kReserved) {
    if (r.size() == name.size() && ::strncasecmp(r.data(), name.data(), r.size()) == 0) return true;
  }
  return false;
}

bool IsUserAgent(std::string_view name) {
  return name.size() == 10 && ::strncasecmp(name.data(), "User-Agent", 10) == 0;
}

Error Invalid(const std::string& what) {
  return MakeError(ErrorKind::kInternal, "invalid HTTP request: " + what);
}

}  // namespace

Result<std::string> SerializeRequest(const HttpRequest& req) {
  if (!IsToken(req.method)) return Invalid("method '" + req.method + "'");
  if (req.target.empty() || req.target.find_first_of(std::string_view(" \t\r\n\0", 5)) != std::string::npos) {
    return Invalid("target '" + req.target + "'");
  }
  if (!IsSafeFieldValue(req.host_header)) return Invalid("Host value");
  bool has_user_agent = false;
  for (const auto& [name, value] : req.headers) {
    if (!IsToken(name) || !IsSafeFieldValue(value)) return Invalid("header field '" + name + "'");
    if (IsReserved(name)) return Invalid("header field '" + name + "' is set by the client itself");
    has_user_agent = has_user_agent || IsUserAgent(name);
  }

  std::string out;
  out.reserve(256 + req.body.size());
  out.append(req.method).append(" ").append(req.target).append(" HTTP/1.1\r\n");
  out.append("Host: ").append(req.host_header).append("\r\n");
  if (!has_user_agent) out.append("User-Agent: ").append(kUserAgent).append("\r\n");
  for (const auto& [name, value] : req.headers) out.append(name).append(": ").append(value).append("\r\n");
  out.append("Connection: close\r\n");
  const bool sends_body =
      !req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
  if (sends_body) out.append("Content-Length: ").append(std::to_string(req.body.size())).append("\r\n");
  out.append("\r\n").append(req.body);
  return out;
}

std::string RequestTarget(std::string_view path_and_query) {
  if (auto hash = path_and_query.find('#'); hash != std::string_view::npos) {
    path_and_query = path_and_query.substr(0, hash);
  }
  if (path_and_query.empty()) return "/";
  if (path_and_query.front() == '?') return "/" + std::string(path_and_query);
  if (path_and_query.front() != '/') return "/" + std::string(path_and_query);
  return std::string(path_and_query);
}

std::string HostHeader(std::string_view host, std::uint16_t port, bool tls) {
  std::string out = BracketHost(host);
  if (port != (tls ? 443 : 80)) out.append(":").append(std::to_string(port));
  return out;
}

}  // namespace lde::http_client
