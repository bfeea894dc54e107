#include "crl_http_server.h"

namespace lde::testing {
namespace {

TlsTestServerOptions PlainHttp(HttpHandler handler) {
  TlsTestServerOptions options;
  options.tls = false;
  options.handler = std::move(handler);
  return options;
}

}  // namespace

CrlHttpServer::CrlHttpServer()
    : server_(PlainHttp([this](const std::string& raw) { return Respond(raw); })) {}

void CrlHttpServer::Serve(const std::string& path, model::Der body, int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  routes_[path] = {status, std::move(body)};
}

std::string CrlHttpServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
}

int CrlHttpServer::Hits(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = hits_.find(path);
  return it == hits_.end() ? 0 : it->second;
}

std::string CrlHttpServer::Respond(const std::string& raw_request) {
  // "GET /path HTTP/1.1"
  std::size_t start = raw_request.find(' ');
  std::size_t end = start == std::string::npos ? start : raw_request.find(' ', start + 1);
  std::string path = end == std::string::npos ? "" : raw_request.substr(start + 1, end - start - 1);
  std::lock_guard<std::mutex> lock(mutex_);
  ++hits_[path];
  auto it = routes_.find(path);
  int status = it == routes_.end() ? 404 : it->second.first;
  std::string body =
      it == routes_.end() ? "" : std::string(it->second.second.begin(), it->second.second.end());
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") +
         "\r\nContent-Type: application/pkix-crl\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace lde::testing
