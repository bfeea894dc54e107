#include "daemon/keepalive_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/ascii.h"
#include "http_client/response_parser.h"

namespace lde::bench {
namespace {

// Uncompressed /metrics of 10,000 targets and 1,000 deployments is about 72 MB.
constexpr std::size_t kMaxBody = 256 << 20;
// The text a gzip body inflates to: 10,000 targets and 1,000 deployments
// exceed 64 MB of text, not of gzip.
constexpr std::size_t kMaxText = 256 << 20;

int MillisLeft(std::chrono::steady_clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

bool WaitFor(int fd, short events, std::chrono::steady_clock::time_point deadline) {
  pollfd p{fd, events, 0};
  return poll(&p, 1, MillisLeft(deadline)) == 1;
}

}  // namespace

KeepAliveClient::~KeepAliveClient() { Close(); }

void KeepAliveClient::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

Result<HttpReply> KeepAliveClient::Get(const std::string& target,
                                       const std::vector<std::pair<std::string, std::string>>& headers,
                                       std::chrono::milliseconds timeout) {
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool retryable = false;
  auto reply = Exchange(request, deadline, &retryable);
  // A kept connection the server closed while idle fails before any byte of
  // the answer: that is no error of the server's, try a fresh connection.
  if (!reply.ok() && retryable) reply = Exchange(request, deadline, &retryable);
  return reply;
}

Result<HttpReply> KeepAliveClient::Exchange(const std::string& request,
                                            std::chrono::steady_clock::time_point deadline, bool* retryable) {
  *retryable = fd_ >= 0;  // only a reused connection may have gone stale
  const auto started = std::chrono::steady_clock::now();
  if (fd_ < 0) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return MakeError(ErrorKind::kConnectError, std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port_);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      std::string detail = "connect 127.0.0.1:" + std::to_string(port_) + ": " + std::strerror(errno);
      Close();
      return MakeError(ErrorKind::kConnectError, detail);
    }
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ++opened_;
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    if (!WaitFor(fd_, POLLOUT, deadline)) {
      Close();
      return MakeError(ErrorKind::kTimeout, "send timed out");
    }
    ssize_t n = send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      Close();
      return MakeError(ErrorKind::kConnectError, std::string("send: ") + std::strerror(errno));
    }
    sent += static_cast<std::size_t>(n);
  }
  http_client::HttpResponseParser parser(kMaxBody);
  parser.ReuseBodyBuffer(std::move(body_buffer_));
  char buf[16384];
  bool got_bytes = false;
  // Bounded by the deadline and the parser's wire budget.
  while (parser.state() == http_client::HttpResponseParser::State::kNeedMore) {
    if (!WaitFor(fd_, POLLIN, deadline)) {
      Close();
      *retryable = false;
      return MakeError(ErrorKind::kTimeout, "no complete answer in time");
    }
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      parser.Finish();
      break;
    }
    got_bytes = true;
    parser.Feed(std::string_view(buf, static_cast<std::size_t>(n)));
  }
  if (got_bytes) *retryable = false;
  if (parser.state() != http_client::HttpResponseParser::State::kDone) {
    Close();
    return MakeError(ErrorKind::kHttpProtocol, got_bytes ? parser.error().detail : "connection closed");
  }
  model::HttpObservation response = parser.TakeResponse();
  if (response.body_truncated) {  // the rest is still on the wire: the connection is unusable
    Close();
    return MakeError(ErrorKind::kHttpProtocol, "answer larger than " + std::to_string(kMaxBody) + " bytes");
  }
  // Keep-alive unless the server said it closes (HTTP/1.1 default is to keep).
  auto connection = response.Header("Connection");
  if (connection && EqualsIgnoreAsciiCase(*connection, "close")) Close();
  HttpReply reply;
  reply.status = response.status;
  reply.wire_bytes = response.body.size();
  reply.exchange_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  auto encoding = response.Header("Content-Encoding");
  if (encoding && EqualsIgnoreAsciiCase(*encoding, "gzip")) {
    auto plain = Gunzip(response.body);
    if (!plain.ok()) return plain.error();
    reply.body = std::move(plain).value();
  } else {
    reply.body = response.body;
  }
  body_buffer_ = std::move(response.body);
  return reply;
}

Result<std::string> Gunzip(const std::string& data) {
  z_stream z{};
  // 16 + MAX_WBITS: expect a gzip header and trailer (zlib manual).
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return MakeError(ErrorKind::kInternal, "inflateInit2");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  // Bounded: every round consumes input or ends; the output is capped.
  while (rc == Z_OK && out.size() < kMaxText) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return MakeError(ErrorKind::kHttpProtocol, "body is not valid gzip");
  return out;
}

}  // namespace lde::bench
