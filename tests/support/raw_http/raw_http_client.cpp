#include "support/raw_http/raw_http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace lde::testing {
namespace {

constexpr std::size_t kMaxBytes = 1 << 20;

std::string Lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

}  // namespace

RawHttpClient::RawHttpClient(std::uint16_t port, const std::string& source, const std::string& server) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, server.c_str(), &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return;
  }
  fd_ = fd;
}

RawHttpClient::~RawHttpClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawHttpClient::Send(const std::string& bytes) {
  if (fd_ < 0) return false;
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Waits for and appends more bytes; false on timeout, EOF or error.
bool RawHttpClient::Fill(std::chrono::steady_clock::time_point until) {
  if (fd_ < 0 || eof_ || buffer_.size() > kMaxBytes) return false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(buf, static_cast<std::size_t>(n));
  return true;
}

std::optional<RawResponse> RawHttpClient::ReadResponse(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  std::size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(until)) return std::nullopt;
  }
  RawResponse r;
  std::string head = buffer_.substr(0, head_end);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.rfind("HTTP/1.", 0) != 0) return std::nullopt;
  r.status = std::atoi(status_line.substr(9, 3).c_str());
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[Lower(line.substr(0, colon))] = value;
    }
    pos = next + 2;
  }
  buffer_.erase(0, head_end + 4);
  if (Lower(r.Header("transfer-encoding")) == "chunked") {
    // RFC 9112 7.1: "<hex size>\r\n<data>\r\n" ... "0\r\n\r\n" (no trailers are sent).
    for (;;) {
      std::size_t line_end;
      while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
        if (!Fill(until)) return std::nullopt;
      }
      const std::string size_text = buffer_.substr(0, line_end);
      if (size_text.empty() || size_text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
        return std::nullopt;
      }
      const std::size_t size = std::stoul(size_text, nullptr, 16);
      while (buffer_.size() < line_end + 2 + size + 2) {
        if (!Fill(until)) return std::nullopt;
      }
      if (buffer_.compare(line_end + 2 + size, 2, "\r\n") != 0) return std::nullopt;
      r.body.append(buffer_, line_end + 2, size);
      ++r.chunks;
      buffer_.erase(0, line_end + 2 + size + 2);
      if (size == 0) return r;
    }
  }
  if (r.headers.count("content-length")) {
    std::size_t length = std::stoul(r.headers["content-length"]);
    while (buffer_.size() < length) {
      if (!Fill(until)) return std::nullopt;
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
  } else {
    while (Fill(until)) {
    }
    if (!eof_) return std::nullopt;
    r.body.swap(buffer_);
  }
  return r;
}

bool RawHttpClient::WaitForClose(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (Fill(until)) buffer_.clear();
  return eof_;
}

std::string RawHttpClient::ReadUntilClose(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (Fill(until)) {
  }
  return buffer_;
}

std::optional<RawResponse> RawGet(std::uint16_t port, const std::string& path,
                                  const std::string& extra_headers, const std::string& source,
                                  std::chrono::milliseconds timeout) {
  RawHttpClient client(port, source);
  if (!client.Send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" +
                   extra_headers + "\r\n")) {
    return std::nullopt;
  }
  return client.ReadResponse(timeout);
}

}  // namespace lde::testing
