#include "http/request_parser.h"

#include <vector>

#include "common/ascii.h"
#include "common/http_syntax.h"

namespace lde::http {
namespace {

RequestError Bad(std::string reason) { return {400, std::move(reason)}; }

// Splits the head into lines, accepting CRLF or bare LF; a bare CR inside a
// line is left in place and rejected by the field checks.
std::vector<std::string_view> SplitLines(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    auto lf = head.find('\n');
    std::string_view line = head.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (lf == std::string_view::npos) break;
    head.remove_prefix(lf + 1);
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// The path and query of a request-target: origin form "/p?q", or absolute
// form "http://host/p?q" (RFC 9112 3.2.2, which servers must accept).
bool SplitTarget(std::string_view target, std::string* path, std::string* query) {
  if (target.empty()) return false;
  if (target.front() != '/') {
    auto scheme_end = target.find("://");
    if (scheme_end == std::string_view::npos) return false;
    std::string scheme = AsciiLowerCopy(target.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") return false;
    auto slash = target.find('/', scheme_end + 3);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  auto q = target.find('?');
  *path = std::string(target.substr(0, q));
  *query = q == std::string_view::npos ? "" : std::string(target.substr(q + 1));
  auto hash = query->find('#');
  if (hash != std::string::npos) query->resize(hash);
  for (unsigned char c : *path) {
    if (c <= 0x20 || c >= 0x7f) return false;  // RFC 3986: no raw controls, spaces or non-ASCII
  }
  return true;
}

}  // namespace

std::size_t FindHeadEnd(std::string_view buffer, std::size_t from) {
  for (std::size_t i = from; i < buffer.size(); ++i) {
    if (buffer[i] != '\n') continue;
    // "\n\n" or "\n\r\n": the line before this LF was empty.
    if (i >= 1 && buffer[i - 1] == '\n') return i + 1;
    if (i >= 2 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n') return i + 1;
  }
  return std::string_view::npos;
}

std::variant<ParsedHead, RequestError> ParseRequestHead(std::string_view head, const RequestLimits& limits) {
  if (head.size() > limits.max_head_bytes) return RequestError{431, "request head too large"};
  auto lines = SplitLines(head);
  // RFC 9112 2.2: a server SHOULD ignore empty lines before the request line.
  std::size_t first = 0;
  while (first < lines.size() && lines[first].empty()) ++first;
  if (first == lines.size()) return Bad("empty request");

  ParsedHead out;
  HttpRequest& req = out.request;
  std::string_view line = lines[first];
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Bad("malformed request line");
  }
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(req.method)) return Bad("malformed method");
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/") return Bad("malformed HTTP version");
  if (version == "HTTP/1.1")
    req.minor_version = 1;
  else if (version == "HTTP/1.0")
    req.minor_version = 0;
  else
    return RequestError{505, "HTTP version not supported"};
  if (!SplitTarget(req.target, &req.path, &req.query)) return Bad("malformed request target");

  std::vector<std::string> content_lengths;
  int hosts = 0;
  for (std::size_t i = first + 1; i < lines.size(); ++i) {
    std::string_view field = lines[i];
    if (field.empty()) return Bad("empty line inside the header section");
    if (field.front() == ' ' || field.front() == '\t') return Bad("obsolete line folding");
    auto colon = field.find(':');
    if (colon == std::string_view::npos || !IsToken(field.substr(0, colon))) {
      return Bad("malformed header field");
    }
    std::string_view value = TrimOws(field.substr(colon + 1));
    if (!IsSafeFieldValue(value)) return Bad("invalid character in header value");
    if (req.headers.size() >= limits.max_fields) return RequestError{431, "too many header fields"};
    std::string_view name = field.substr(0, colon);
    if (EqualsIgnoreAsciiCase(name, "Host")) ++hosts;
    if (EqualsIgnoreAsciiCase(name, "Content-Length")) content_lengths.emplace_back(value);
    if (EqualsIgnoreAsciiCase(name, "Transfer-Encoding")) {
      return RequestError{501, "Transfer-Encoding is not supported"};
    }
    req.headers.emplace_back(std::string(name), std::string(value));
  }
  // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request with no
  // Host or more than one.
  if (hosts > 1 || (req.minor_version == 1 && hosts == 0)) return Bad("missing or repeated Host");
  if (!content_lengths.empty()) {
    auto length = ParseContentLength(content_lengths);
    if (!length) return Bad("malformed Content-Length");
    out.content_length = *length;
  }
  return out;
}

}  // namespace lde::http
