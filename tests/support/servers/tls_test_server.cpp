#include "support/servers/tls_test_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "support/servers/server_behaviours.h"
#include "support/servers/server_tls_context.h"

namespace lde::testing {

struct TlsTestServer::Impl {
  detail::ServerCtxPtr ctx;
};

namespace {

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw std::runtime_error("TlsTestServer: " + what + ": " + std::strerror(errno));
}

// Writes on a socket the client already closed raise SIGPIPE, which would
// kill the test binary: the worker thread blocks it and gets EPIPE instead.
void BlockSigpipeOnThisThread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// Binds `address`:*port (0: any free port) and reports the port bound.
int BindAndListen(const std::string& address, std::uint16_t* port) {
  sockaddr_storage storage{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(*port);
    len = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(*port);
    len = sizeof(sockaddr_in6);
  } else {
    throw std::runtime_error("TlsTestServer: bind_address must be numeric: " + address);
  }
  int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) ThrowErrno("socket");
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), len) != 0 || ::listen(fd, 32) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &len) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    ThrowErrno("bind/listen on " + address);
  }
  *port = ntohs(storage.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
  return fd;
}

}  // namespace

std::string OkResponse(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

TlsTestServerOptions StreamingServer(std::string head, std::string unit, std::chrono::microseconds pace,
                                     bool tls) {
  TlsTestServerOptions options;
  options.tls = tls;
  options.behaviour = ServerBehaviour::kStreamResponse;
  options.stream_head = std::move(head);
  options.stream_unit = std::move(unit);
  options.pace = pace;
  return options;
}

TlsTestServer::TlsTestServer(TlsTestServerOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  // Only a server that really handshakes needs certificates.
  const ServerBehaviour b = options_.behaviour;
  if (b == ServerBehaviour::kHandshakeBytePerSegment ||
      (options_.tls && (b == ServerBehaviour::kServeHttp || b == ServerBehaviour::kStreamResponse))) {
    impl_->ctx = detail::MakeServerContext(options_);
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) ThrowErrno("pipe2");
  wake_read_ = pipe_fds[0];
  wake_write_ = pipe_fds[1];
  try {
    port_ = options_.port;
    listen_fd_ = BindAndListen(options_.bind_address, &port_);
  } catch (...) {
    ::close(wake_read_);
    ::close(wake_write_);
    throw;
  }
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TlsTestServer::~TlsTestServer() {
  Stop();
  ::close(listen_fd_);
  ::close(wake_read_);
  ::close(wake_write_);
}

void TlsTestServer::Stop() {
  if (stopped_.exchange(true)) return;
  // The pipe is never read, so it stays readable for every waiter.
  char byte = 1;
  (void)!::write(wake_write_, &byte, 1);
  acceptor_.join();  // no new workers after this
  std::list<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Ends blocking SSL_accept / SSL_read / SSL_write in the workers.
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& worker : workers) worker.join();
}

std::vector<std::string> TlsTestServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void TlsTestServer::AcceptLoop() {
  pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
  // Runs until Stop(): long-running tests (the soak) keep a server for
  // minutes. At most kMaxConnections are served at once; beyond that a
  // connection is closed at once, so a runaway client cannot spawn threads.
  for (;;) {
    int rc = ::poll(fds, 2, -1);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0 || fds[1].revents != 0) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;  // the client gave up already, or EAGAIN
    ++accepted_;
    std::lock_guard<std::mutex> lock(mutex_);
    ReapFinishedWorkers();
    if (open_fds_.size() >= static_cast<std::size_t>(kMaxConnections)) {
      ::close(fd);
      continue;
    }
    open_fds_.insert(fd);
    workers_.emplace_back([this, fd] { ServeOne(fd); });
  }
}

void TlsTestServer::ReapFinishedWorkers() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (finished_.erase(it->get_id()) != 0) {
      it->join();  // it has left ServeOne: the join is immediate
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void TlsTestServer::ServeOne(int fd) {
  BlockSigpipeOnThisThread();
  detail::ConnectionEnv env;
  env.fd = fd;
  env.wake_fd = wake_read_;
  env.ctx = impl_->ctx.get();
  env.options = &options_;
  env.record_request = [this](std::string request) {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(std::move(request));
  };
  detail::RunBehaviour(env);
  std::lock_guard<std::mutex> lock(mutex_);
  open_fds_.erase(fd);  // before close(), so Stop() never shuts down a reused fd number
  ::close(fd);
  finished_.insert(std::this_thread::get_id());
}

}  // namespace lde::testing
