#include "support/dns/dns_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace lde::testing::detail {
namespace {

class Socket {
 public:
  Socket() : fd_(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

std::vector<unsigned char> BuildQuery(std::uint16_t id, const std::string& name) {
  std::vector<unsigned char> q = {static_cast<unsigned char>(id >> 8),
                                  static_cast<unsigned char>(id & 0xff),
                                  0x01,
                                  0x00,  // RD
                                  0,
                                  1,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0};  // one question
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q.push_back(static_cast<unsigned char>(dot - start));
    q.insert(q.end(), name.begin() + static_cast<long>(start), name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  q.insert(q.end(), {0, 0, 1, 0, 1});  // root, QTYPE A, QCLASS IN
  return q;
}

}  // namespace

std::uint16_t FreeUdpPort() {
  Socket s;
  sockaddr_in addr = Loopback(0);
  if (s.fd() < 0 || bind(s.fd(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) return 0;
  socklen_t len = sizeof(addr);
  if (getsockname(s.fd(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  return ntohs(addr.sin_port);
}

int BindLoopbackUdp(const char* owner, std::uint16_t* port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = Loopback(0);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::string why = std::strerror(errno);
    if (fd >= 0) close(fd);
    throw std::runtime_error(std::string(owner) + ": cannot bind 127.0.0.1:0: " + why);
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

bool AnswersDns(std::uint16_t port, const std::string& name, int wait_ms) {
  Socket s;
  if (s.fd() < 0) return false;
  const std::uint16_t id = 0x4c44;
  auto query = BuildQuery(id, name);
  sockaddr_in addr = Loopback(port);
  if (sendto(s.fd(), query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0) {
    return false;
  }
  pollfd pfd{s.fd(), POLLIN, 0};
  if (poll(&pfd, 1, wait_ms) <= 0) return false;
  unsigned char reply[512];
  ssize_t n = recv(s.fd(), reply, sizeof(reply), 0);
  return n >= 12 && reply[0] == (id >> 8) && reply[1] == (id & 0xff);
}

}  // namespace lde::testing::detail
