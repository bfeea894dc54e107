#include "http/response.h"

namespace lde::http {

HttpResponse TextResponse(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

namespace {

// `framing` is the Content-Length or Transfer-Encoding line, or empty.
std::string Head(const HttpResponse& response, std::string_view framing, bool keep_alive,
                 const HeaderList& extra_headers) {
  std::string out;
  out.reserve(256);
  out += "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += ReasonPhrase(response.status);
  out += "\r\nServer: lyncdiscover_exporter\r\n";
  if (!response.content_type.empty()) out += "Content-Type: " + response.content_type + "\r\n";
  out += framing;
  out += keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
  for (const auto* list : {&response.headers, &extra_headers}) {
    for (const auto& [name, value] : *list) out.append(name).append(": ").append(value).append("\r\n");
  }
  out += "\r\n";
  return out;
}

}  // namespace

std::string SerializeHead(const HttpResponse& response, std::size_t content_length, bool keep_alive,
                          const HeaderList& extra_headers) {
  return Head(response, "Content-Length: " + std::to_string(content_length) + "\r\n", keep_alive,
              extra_headers);
}

std::string SerializeStreamHead(const HttpResponse& response, bool chunked, bool keep_alive,
                                const HeaderList& extra_headers) {
  return Head(response, chunked ? "Transfer-Encoding: chunked\r\n" : "", keep_alive, extra_headers);
}

}  // namespace lde::http
