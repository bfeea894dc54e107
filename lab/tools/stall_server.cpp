// lde_lab_stall_server: a TCP listener that accepts connections and never
// answers, for the lab's "stall" scenario (a blackholed lyncdiscover host that
// completes the TCP handshake but never sends a TLS ServerHello). nginx cannot
// do this: it always answers or closes.
//
// Usage: lde_lab_stall_server [--max-held N] ADDR:PORT [ADDR:PORT ...]
//   ADDR is numeric IPv4, or IPv6 in brackets ([::1]:9443).
// Held connections are never read from or written to; a connection is closed
// when its peer hangs up (POLLRDHUP, which reads nothing) or, once N are held,
// to make room for a new one (oldest first), so the number of open descriptors
// stays bounded. Exits 0 on SIGTERM/SIGINT, 1 on a bad argument or bind error.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fd.h"

namespace lde::lab {
namespace {

constexpr int kDefaultMaxHeld = 256;
constexpr int kMaxMaxHeld = 4096;
constexpr int kBacklog = 64;

struct ListenAddress {
  std::string text;
  sockaddr_storage storage{};
  socklen_t length = 0;
};

std::optional<int> ParsePositiveInt(std::string_view text, int max) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return std::nullopt;
  }
  return value;
}

std::optional<ListenAddress> ParseListenAddress(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = text.substr(0, colon);
  const auto port = ParsePositiveInt(std::string_view(text).substr(colon + 1), 65535);
  if (!port) return std::nullopt;

  ListenAddress out;
  out.text = text;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&out.storage);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(static_cast<std::uint16_t>(*port));
    if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &sin6->sin6_addr) != 1) {
      return std::nullopt;
    }
    out.length = sizeof(sockaddr_in6);
    return out;
  }
  auto* sin = reinterpret_cast<sockaddr_in*>(&out.storage);
  sin->sin_family = AF_INET;
  sin->sin_port = htons(static_cast<std::uint16_t>(*port));
  if (inet_pton(AF_INET, host.c_str(), &sin->sin_addr) != 1) return std::nullopt;
  out.length = sizeof(sockaddr_in);
  return out;
}

Fd Listen(const ListenAddress& address) {
  Fd fd(socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  const int one = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&address.storage), address.length) != 0 ||
      listen(fd.get(), kBacklog) != 0) {
    fd.Reset();
  }
  return fd;
}

// Signals arrive through a descriptor so one poll() waits for everything.
Fd BlockTerminationSignals() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  if (sigprocmask(SIG_BLOCK, &mask, nullptr) != 0) return Fd();
  return Fd(signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
}

class StallServer {
 public:
  StallServer(std::vector<Fd> listeners, Fd signals, std::size_t max_held)
      : listeners_(std::move(listeners)), signals_(std::move(signals)), max_held_(max_held) {}

  // Returns when a termination signal arrives (0) or poll fails (1).
  int Run() {
    for (;;) {
      std::vector<pollfd> fds;
      fds.push_back({signals_.get(), POLLIN, 0});
      for (const Fd& listener : listeners_) fds.push_back({listener.get(), POLLIN, 0});
      for (const Fd& held : held_) fds.push_back({held.get(), POLLRDHUP, 0});

      if (poll(fds.data(), fds.size(), -1) < 0) {
        if (errno == EINTR) continue;
        std::perror("poll");
        return 1;
      }
      if (fds[0].revents != 0) return 0;
      ReleaseHungUp(fds);
      for (std::size_t i = 0; i < listeners_.size(); ++i) {
        if (fds[1 + i].revents & POLLIN) AcceptOne(listeners_[i]);
      }
    }
  }

 private:
  // Indices in `fds` after the signal fd and listeners map to held_ in order.
  void ReleaseHungUp(const std::vector<pollfd>& fds) {
    const std::size_t first = 1 + listeners_.size();
    std::deque<Fd> still_held;
    for (std::size_t i = 0; i < held_.size(); ++i) {
      if ((fds[first + i].revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0) {
        still_held.push_back(std::move(held_[i]));
      }
    }
    held_ = std::move(still_held);
  }

  void AcceptOne(const Fd& listener) {
    Fd conn(accept4(listener.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!conn.valid()) {
      // Out of descriptors: give one back so the listener does not spin.
      if ((errno == EMFILE || errno == ENFILE) && !held_.empty()) held_.pop_front();
      return;
    }
    if (held_.size() >= max_held_) held_.pop_front();
    held_.push_back(std::move(conn));
  }

  std::vector<Fd> listeners_;
  Fd signals_;
  std::size_t max_held_;
  std::deque<Fd> held_;
};

int Usage(const char* program) {
  std::fprintf(stderr, "usage: %s [--max-held N (1..%d, default %d)] ADDR:PORT [ADDR:PORT ...]\n", program,
               kMaxMaxHeld, kDefaultMaxHeld);
  return 1;
}

int Main(int argc, char** argv) {
  int max_held = kDefaultMaxHeld;
  std::vector<ListenAddress> addresses;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--max-held") {
      if (i + 1 >= argc) return Usage(argv[0]);
      const auto value = ParsePositiveInt(argv[++i], kMaxMaxHeld);
      if (!value) {
        std::fprintf(stderr, "stall_server: bad --max-held '%s'\n", argv[i]);
        return 1;
      }
      max_held = *value;
    } else if (arg == "-h" || arg == "--help") {
      Usage(argv[0]);
      return 0;
    } else {
      auto address = ParseListenAddress(arg);
      if (!address) {
        std::fprintf(stderr, "stall_server: bad listen address '%s' (want ADDR:PORT)\n", arg.c_str());
        return 1;
      }
      addresses.push_back(std::move(*address));
    }
  }
  if (addresses.empty()) return Usage(argv[0]);

  Fd signals = BlockTerminationSignals();
  if (!signals.valid()) {
    std::perror("stall_server: signalfd");
    return 1;
  }
  std::vector<Fd> listeners;
  for (const ListenAddress& address : addresses) {
    Fd listener = Listen(address);
    if (!listener.valid()) {
      std::fprintf(stderr, "stall_server: cannot listen on %s: %s\n", address.text.c_str(),
                   std::strerror(errno));
      return 1;
    }
    listeners.push_back(std::move(listener));
    std::printf("stall_server: listening on %s\n", address.text.c_str());
  }
  std::fflush(stdout);
  return StallServer(std::move(listeners), std::move(signals), static_cast<std::size_t>(max_held)).Run();
}

}  // namespace
}  // namespace lde::lab

int main(int argc, char** argv) { return lde::lab::Main(argc, argv); }
