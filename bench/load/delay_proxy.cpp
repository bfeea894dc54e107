#include "load/delay_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <queue>
#include <unordered_map>
#include <vector>

namespace lde::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kListenerTag = std::uint64_t{1} << 63;
constexpr std::size_t kReadChunk = 64 * 1024;
// Per wake-up and socket: a busy peer cannot starve the timers.
constexpr int kReadsPerEvent = 16;
constexpr int kAcceptsPerEvent = 64;
constexpr int kMaxEvents = 256;

struct Chunk {
  Clock::time_point due;
  std::string bytes;
  bool fin = false;  // the source's FIN, forwarded after the bytes before it
};

// Bytes travelling from side d to side 1-d (0 = client, 1 = upstream).
struct Direction {
  std::deque<Chunk> held;  // arrival order; due times never decrease
  std::string out;         // released, not yet written
  std::size_t buffered = 0;
  bool read_eof = false;
  bool fin_released = false;
  bool shut = false;  // the FIN went out
};

struct Conn {
  int fd[2] = {-1, -1};
  bool connected = false;  // the upstream connect completed
  Clock::time_point open_at;
  Direction dir[2];
  std::uint32_t events[2] = {0, 0};
};

struct Timer {
  Clock::time_point due;
  std::uint64_t id;
  int d;
  bool operator>(const Timer& o) const { return due > o.due; }
};

void NoDelay(int fd) {
  // Without it the kernel's Nagle would add its own delay on top of ours.
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

int ListenLoopback(std::uint16_t* port, std::string* error) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(*port);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(fd, 512) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    *error = "listen on 127.0.0.1:" + std::to_string(*port) + ": " + std::strerror(err);
    close(fd);
    errno = err;  // the caller may try another port on EADDRINUSE
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

struct DelayProxy::Impl {
  DelayProxyOptions o;
  int epfd = -1;
  std::vector<std::pair<int, std::uint16_t>> routes;  // listening fd, upstream port
  std::unordered_map<std::uint64_t, Conn> conns;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  std::uint64_t next_id = 1;
  DelayProxyStats stats;
  std::vector<char> buf = std::vector<char>(kReadChunk);

  Clock::duration half() const { return o.rtt / 2; }

  void Register(std::uint64_t id, Conn& c, int side, std::uint32_t want) {
    if (c.events[side] == want) return;
    epoll_event ev{};
    ev.events = want;
    ev.data.u64 = (id << 1) | static_cast<std::uint64_t>(side);
    epoll_ctl(epfd, EPOLL_CTL_MOD, c.fd[side], &ev);
    c.events[side] = want;
  }

  // Reads a side while its direction has room; OUT while there is something
  // to write to it (or, upstream, while the connect is pending).
  void UpdateInterest(std::uint64_t id, Conn& c) {
    for (int s = 0; s < 2; ++s) {
      std::uint32_t want = 0;
      if (!c.dir[s].read_eof && c.dir[s].buffered < o.max_buffered_bytes) want |= EPOLLIN;
      if ((s == 1 && !c.connected) || !c.dir[1 - s].out.empty()) want |= EPOLLOUT;
      Register(id, c, s, want);
    }
  }

  void CloseConn(std::uint64_t id, bool aborted) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    for (int fd : it->second.fd) {
      if (fd < 0) continue;
      if (aborted) {
        // A reset on one side becomes a reset on the other, not a quiet FIN.
        linger lg{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
      }
      close(fd);  // also leaves the epoll set
    }
    ++(aborted ? stats.aborted : stats.closed);
    conns.erase(it);
  }

  // Writes what direction d has released; false when the destination failed.
  bool Flush(Conn& c, int d) {
    Direction& dir = c.dir[d];
    const int dest = c.fd[1 - d];
    if (d == 0 && !c.connected) return true;
    while (!dir.out.empty()) {
      ssize_t n = send(dest, dir.out.data(), dir.out.size(), MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      dir.out.erase(0, static_cast<std::size_t>(n));
      dir.buffered -= static_cast<std::size_t>(n);
      (d == 0 ? stats.bytes_up : stats.bytes_down) += static_cast<std::uint64_t>(n);
    }
    if (dir.out.empty() && dir.fin_released && !dir.shut) {
      shutdown(dest, SHUT_WR);
      dir.shut = true;
    }
    return true;
  }

  // Reads side s into its direction, stamping each chunk with its due time.
  bool ReadSide(std::uint64_t id, Conn& c, int s, bool drain_all) {
    Direction& dir = c.dir[s];
    for (int i = 0; i < kReadsPerEvent && !dir.read_eof; ++i) {
      if (!drain_all && dir.buffered >= o.max_buffered_bytes) break;
      ssize_t n = recv(c.fd[s], buf.data(), buf.size(), 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      const auto now = Clock::now();
      Chunk chunk;
      chunk.due = std::max(now, c.open_at) + half();
      if (n == 0) {
        chunk.fin = true;
        dir.read_eof = true;
      } else {
        chunk.bytes.assign(buf.data(), static_cast<std::size_t>(n));
        dir.buffered += static_cast<std::size_t>(n);
      }
      timers.push({chunk.due, id, s});
      dir.held.push_back(std::move(chunk));
    }
    return true;
  }

  void Release(std::uint64_t id, int d, Clock::time_point now) {
    auto it = conns.find(id);
    if (it == conns.end()) return;  // closed since: a stale timer
    Conn& c = it->second;
    Direction& dir = c.dir[d];
    while (!dir.held.empty() && dir.held.front().due <= now) {
      Chunk& chunk = dir.held.front();
      if (chunk.fin) dir.fin_released = true;
      dir.out += chunk.bytes;
      dir.held.pop_front();
    }
    Settle(id, c, Flush(c, d));
  }

  // After any change: close on failure or when both FINs went out, else
  // set the interest anew.
  void Settle(std::uint64_t id, Conn& c, bool ok) {
    if (!ok) return CloseConn(id, true);
    if (c.dir[0].shut && c.dir[1].shut) return CloseConn(id, false);
    UpdateInterest(id, c);
  }

  void Accept(std::size_t route) {
    for (int i = 0; i < kAcceptsPerEvent; ++i) {
      int cfd = accept4(routes[route].first, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (cfd < 0) return;  // EAGAIN, or out of descriptors: try again on the next wake-up
      if (conns.size() >= o.max_connections) {
        ++stats.refused;
        close(cfd);
        continue;
      }
      int ufd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(routes[route].second);
      if (ufd < 0 ||
          (connect(ufd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS)) {
        ++stats.upstream_failed;
        if (ufd >= 0) close(ufd);
        close(cfd);
        continue;
      }
      NoDelay(cfd);
      NoDelay(ufd);
      const std::uint64_t id = next_id++;
      Conn& c = conns[id];
      c.fd[0] = cfd;
      c.fd[1] = ufd;
      c.open_at = Clock::now() + o.rtt;
      for (int s = 0; s < 2; ++s) {
        epoll_event ev{};
        ev.events = s == 0 ? EPOLLIN : (EPOLLIN | EPOLLOUT);
        ev.data.u64 = (id << 1) | static_cast<std::uint64_t>(s);
        epoll_ctl(epfd, EPOLL_CTL_ADD, c.fd[s], &ev);
        c.events[s] = ev.events;
      }
      ++stats.accepted;
    }
  }

  void OnConnEvent(std::uint64_t id, int s, std::uint32_t events) {
    auto it = conns.find(id);
    if (it == conns.end()) return;
    Conn& c = it->second;
    if (events & EPOLLERR) {
      if (s == 1 && !c.connected) ++stats.upstream_failed;
      return CloseConn(id, true);
    }
    if (s == 1 && !c.connected && (events & (EPOLLOUT | EPOLLHUP))) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(c.fd[1], SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        ++stats.upstream_failed;
        return CloseConn(id, true);
      }
      c.connected = true;
    }
    bool ok = true;
    // HUP: the peer finished both ways; its last bytes are all the kernel
    // holds, so read them even past the bound (else level-triggered HUP
    // would wake the loop for ever).
    if (events & (EPOLLIN | EPOLLHUP)) ok = ReadSide(id, c, s, (events & EPOLLHUP) != 0);
    if (ok && (events & EPOLLOUT)) ok = Flush(c, 1 - s);
    Settle(id, c, ok);
  }

  int WaitMs(Clock::time_point now) const {
    if (timers.empty()) return 200;
    if (timers.top().due <= now) return 0;
    // Rounded up, so the loop never wakes just before a chunk is due.
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(timers.top().due - now).count();
    return static_cast<int>(std::min<long long>(ms, 200));
  }
};

DelayProxy::DelayProxy(const DelayProxyOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->o = options;
  impl_->epfd = epoll_create1(EPOLL_CLOEXEC);
}

DelayProxy::~DelayProxy() {
  for (auto& [id, c] : impl_->conns) {
    for (int fd : c.fd) close(fd);
  }
  for (auto& [fd, port] : impl_->routes) close(fd);
  if (impl_->epfd >= 0) close(impl_->epfd);
}

bool DelayProxy::AddRoute(int listen_fd, std::uint16_t upstream_port, std::string* error) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenerTag | impl_->routes.size();
  impl_->routes.emplace_back(listen_fd, upstream_port);
  if (impl_->epfd < 0 || epoll_ctl(impl_->epfd, EPOLL_CTL_ADD, listen_fd, &ev) != 0) {
    *error = std::string("epoll_ctl: ") + std::strerror(errno);
    return false;
  }
  return true;
}

bool DelayProxy::Run(const std::atomic<bool>& stop, std::string* error) {
  Impl& m = *impl_;
  const auto end = Clock::now() + m.o.max_seconds;
  epoll_event events[kMaxEvents];
  // Bounded in time by max_seconds; each pass by kMaxEvents and the timers due.
  while (!stop.load() && Clock::now() < end) {
    int n = epoll_wait(m.epfd, events, kMaxEvents, m.WaitMs(Clock::now()));
    if (n < 0 && errno != EINTR) {
      *error = std::string("epoll_wait: ") + std::strerror(errno);
      return false;
    }
    for (int i = 0; i < n; ++i) {
      const std::uint64_t tag = events[i].data.u64;
      if (tag & kListenerTag) {
        m.Accept(static_cast<std::size_t>(tag & ~kListenerTag));
      } else {
        m.OnConnEvent(tag >> 1, static_cast<int>(tag & 1), events[i].events);
      }
    }
    const auto now = Clock::now();
    while (!m.timers.empty() && m.timers.top().due <= now) {
      const Timer t = m.timers.top();
      m.timers.pop();
      m.Release(t.id, t.d, now);
    }
  }
  return true;
}

const DelayProxyStats& DelayProxy::stats() const { return impl_->stats; }

}  // namespace lde::bench
