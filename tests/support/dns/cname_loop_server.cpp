#include "support/dns/cname_loop_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "support/dns/dns_probe.h"

namespace lde::testing {
namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr std::uint16_t kTypeCname = 5;
constexpr std::uint16_t kClassIn = 1;

void Put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

void Put32(std::string& out, std::uint32_t v) {
  Put16(out, static_cast<std::uint16_t>(v >> 16));
  Put16(out, static_cast<std::uint16_t>(v & 0xffff));
}

// The length of the uncompressed question name starting at `at`, or 0.
std::size_t NameLength(const std::string& packet, std::size_t at) {
  std::size_t i = at;
  while (i < packet.size()) {
    const auto len = static_cast<unsigned char>(packet[i]);
    if (len == 0) return i + 1 - at;
    if (len > 63) return 0;  // a compression pointer has no place in a question
    i += 1 + len;
  }
  return 0;
}

// One resource record: `owner` (wire name or pointer), CNAME to `target`.
std::string CnameRecord(const std::string& owner, const std::string& target) {
  std::string rr = owner;
  Put16(rr, kTypeCname);
  Put16(rr, kClassIn);
  Put32(rr, 60);
  Put16(rr, static_cast<std::uint16_t>(target.size()));
  return rr + target;
}

// The answer to `query`: same id and question, two CNAMEs that point at each
// other. Empty when the query is not one question we can echo.
std::string LoopAnswer(const std::string& query) {
  if (query.size() < kHeaderBytes) return {};
  const std::size_t name_len = NameLength(query, kHeaderBytes);
  if (name_len == 0 || kHeaderBytes + name_len + 4 > query.size()) return {};
  const std::string question = query.substr(kHeaderBytes, name_len + 4);
  std::string reply = query.substr(0, 2);  // id
  Put16(reply, 0x8180);                    // response, recursion desired + available, NOERROR
  Put16(reply, 1);                         // questions
  Put16(reply, 2);                         // answers
  Put16(reply, 0);
  Put16(reply, 0);
  reply += question;
  const std::string to_question = "\xc0\x0c";  // pointer to the question name (offset 12)
  // "loop-back." + the question name, as a label then a pointer.
  const std::string alias = std::string("\x09loop-back", 10) + to_question;
  const std::size_t alias_offset = reply.size() + 2 + 10;  // owner pointer + type/class/ttl/rdlength
  reply += CnameRecord(to_question, alias);
  std::string to_alias;
  Put16(to_alias, static_cast<std::uint16_t>(0xc000 | alias_offset));
  reply += CnameRecord(to_alias, to_question);
  return reply;
}

}  // namespace

CnameLoopServer::CnameLoopServer() {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("CnameLoopServer: pipe failed");
  wake_read_ = pipe_fds[0];
  wake_write_ = pipe_fds[1];
  try {
    fd_ = detail::BindLoopbackUdp("CnameLoopServer", &port_);
  } catch (...) {
    close(wake_read_);
    close(wake_write_);
    throw;
  }
  thread_ = std::thread([this] { Serve(); });
}

CnameLoopServer::~CnameLoopServer() {
  [[maybe_unused]] auto ignored = write(wake_write_, "x", 1);
  thread_.join();
  close(fd_);
  close(wake_read_);
  close(wake_write_);
}

void CnameLoopServer::Serve() {
  char buffer[512];
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    sockaddr_in from{};
    socklen_t from_len = sizeof(from);
    ssize_t n = recvfrom(fd_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n <= 0) continue;
    const std::string reply = LoopAnswer(std::string(buffer, static_cast<std::size_t>(n)));
    if (reply.empty()) continue;
    sendto(fd_, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);
  }
}

}  // namespace lde::testing
