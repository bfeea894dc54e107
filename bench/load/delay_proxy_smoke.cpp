// Smoke test of the delay proxy (ctest bench.delay_proxy_smoke): one
// exchange through it passes every byte both ways unchanged, costs at least
// the emulated TCP handshake plus one round trip, and ends with FINs both
// ways and the connection closed cleanly (not reset). The lower bound on the
// elapsed time is the proxy's contract, not a performance figure: a loaded
// machine can only make the exchange slower.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "load/delay_proxy.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kRtt = std::chrono::milliseconds(200);
constexpr std::size_t kRequestBytes = 100 * 1000;
constexpr std::size_t kResponseBytes = 1000 * 1000;  // past the proxy's buffer bound: back-pressure
constexpr int kIoTimeoutMs = 10000;

std::string Pattern(std::size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + seed) & 0xff);
  return s;
}

bool WaitFd(int fd, short events) {
  pollfd p{fd, events, 0};
  return poll(&p, 1, kIoTimeoutMs) == 1;
}

bool SendAll(int fd, const std::string& data) {
  std::size_t at = 0;
  while (at < data.size()) {
    if (!WaitFd(fd, POLLOUT)) return false;
    ssize_t n = send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads exactly `n` bytes, or up to EOF when `n` is 0 (then *eof says
// whether EOF came); bounded by the poll timeout per read.
bool Recv(int fd, std::size_t n, std::string* out, bool* eof) {
  char buf[65536];
  *eof = false;
  while (n == 0 || out->size() < n) {
    if (!WaitFd(fd, POLLIN)) return false;
    const std::size_t want = n == 0 ? sizeof buf : std::min(sizeof buf, n - out->size());
    ssize_t got = recv(fd, buf, want, 0);
    if (got < 0) return false;
    if (got == 0) {
      *eof = true;
      return n == 0;
    }
    out->append(buf, static_cast<std::size_t>(got));
    if (out->size() > 2 * kResponseBytes) return false;
  }
  return true;
}

int Fail(const std::string& what) {
  std::cerr << "delay_proxy_smoke: FAILED: " << what << "\n";
  return 1;
}

}  // namespace

int main() {
  std::string error;
  std::uint16_t server_port = 0, proxy_port = 0;  // any
  const int server_fd = lde::bench::ListenLoopback(&server_port, &error);
  const int proxy_fd = lde::bench::ListenLoopback(&proxy_port, &error);
  if (server_fd < 0 || proxy_fd < 0) return Fail(error);

  lde::bench::DelayProxyOptions options;
  options.rtt = kRtt;
  options.max_buffered_bytes = 64 * 1024;
  options.max_seconds = std::chrono::seconds(60);
  lde::bench::DelayProxy proxy(options);
  if (!proxy.AddRoute(proxy_fd, server_port, &error)) return Fail(error);
  std::atomic<bool> stop{false};
  bool run_ok = true;
  std::thread proxy_thread([&] { run_ok = proxy.Run(stop, &error); });

  // The server: reads the request, answers, sends its FIN, waits for the
  // client's FIN.
  std::string server_error;
  std::thread server([&] {
    if (!WaitFd(server_fd, POLLIN)) return void(server_error = "no connection reached the server");
    int fd = accept(server_fd, nullptr, nullptr);
    std::string request;
    bool eof = false;
    if (fd < 0 || !Recv(fd, kRequestBytes, &request, &eof)) server_error = "server: request not received";
    if (server_error.empty() && request != Pattern(kRequestBytes, 1)) server_error = "request corrupted";
    if (server_error.empty() && !SendAll(fd, Pattern(kResponseBytes, 2))) server_error = "server: send";
    shutdown(fd, SHUT_WR);
    std::string rest;
    if (server_error.empty() && (!Recv(fd, 0, &rest, &eof) || !rest.empty())) {
      server_error = "server: no clean FIN from the client";
    }
    if (fd >= 0) close(fd);
  });

  int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(proxy_port);
  const auto start = Clock::now();
  std::string response, rest;
  bool eof = false;
  std::string client_error;
  if (client < 0 || connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    client_error = "connect to the proxy";
  } else if (!SendAll(client, Pattern(kRequestBytes, 1)) || !Recv(client, kResponseBytes, &response, &eof)) {
    client_error = "client: exchange";
  }
  const auto elapsed = Clock::now() - start;
  if (client_error.empty() && response != Pattern(kResponseBytes, 2)) client_error = "response corrupted";
  if (client_error.empty() && (!Recv(client, 0, &rest, &eof) || !rest.empty())) {
    client_error = "client: no clean FIN from the server";
  }
  if (client >= 0) shutdown(client, SHUT_WR);
  server.join();
  if (client >= 0) close(client);
  stop.store(true);
  proxy_thread.join();
  close(server_fd);

  if (!client_error.empty()) return Fail(client_error);
  if (!server_error.empty()) return Fail(server_error);
  if (!run_ok) return Fail(error);
  // The emulated handshake (one rtt) before the request may cross, then half
  // an rtt each way.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
  if (elapsed < 2 * kRtt)
    return Fail("the exchange took " + std::to_string(ms.count()) + " ms, under 2 x rtt");
  const auto& s = proxy.stats();
  if (s.accepted != 1 || s.closed != 1 || s.aborted != 0 || s.upstream_failed != 0) {
    return Fail("expected one connection closed cleanly: accepted=" + std::to_string(s.accepted) +
                " closed=" + std::to_string(s.closed) + " aborted=" + std::to_string(s.aborted));
  }
  if (s.bytes_up != kRequestBytes || s.bytes_down != kResponseBytes) return Fail("byte counts differ");
  std::cout << "delay_proxy_smoke: ok, exchange " << ms.count() << " ms at rtt " << kRtt.count() << " ms\n";
  return 0;
}
