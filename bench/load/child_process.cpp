#include "load/child_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace lde::bench {

Result<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) return MakeError(ErrorKind::kInternal, "empty argv");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return MakeError(ErrorKind::kInternal, std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(126);  // the bench died before prctl
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  return ChildProcess(pid);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }

ChildProcess::~ChildProcess() { Stop(SIGTERM); }

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    pid_ = -1;
    return false;
  }
  return true;
}

void ChildProcess::Stop(int signal, std::chrono::milliseconds grace) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  const auto give_up = std::chrono::steady_clock::now() + grace;
  // Bounded: at most grace / 10 ms polls, then SIGKILL and a blocking reap.
  while (std::chrono::steady_clock::now() < give_up) {
    if (!Running()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

int ChildProcess::WaitExit(std::chrono::milliseconds timeout, rusage* usage) {
  if (pid_ <= 0) return -1;
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  // Bounded: at most timeout / 10 ms polls.
  while (std::chrono::steady_clock::now() < give_up) {
    int status = 0;
    pid_t r = wait4(pid_, &status, WNOHANG, usage);
    if (r == pid_) {
      pid_ = -1;
      return status;
    }
    if (r < 0) {
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Stop(SIGKILL, std::chrono::milliseconds(0));
  return -1;
}

namespace {

// A socket bound to 127.0.0.1:0, and the port it got; -1 with `error` set
// on failure.
int BindLoopbackZero(std::uint16_t* port, std::string* error) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    *error = std::string("bind 127.0.0.1:0: ") + std::strerror(errno);
    close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace

Result<std::uint16_t> PickLoopbackPort() {
  auto ports = PickLoopbackPorts(1);
  if (!ports.ok()) return ports.error();
  return ports.value().front();
}

Result<std::vector<std::uint16_t>> PickLoopbackPortsInRange(std::size_t count, std::uint16_t first,
                                                            std::uint16_t last) {
  std::vector<int> held;
  std::vector<std::uint16_t> ports;
  std::string error;
  // Bounded: the candidate only moves up, to `last`.
  for (std::uint32_t candidate = first; ports.size() < count && candidate <= last; ++candidate) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      error = std::string("socket: ") + std::strerror(errno);
      break;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(candidate));
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const int bind_errno = errno;
      close(fd);
      if (bind_errno == EADDRINUSE) continue;
      error = "bind 127.0.0.1:" + std::to_string(candidate) + ": " + std::strerror(bind_errno);
      break;
    }
    held.push_back(fd);
    ports.push_back(static_cast<std::uint16_t>(candidate));
  }
  for (int fd : held) close(fd);
  if (!error.empty()) return MakeError(ErrorKind::kInternal, error);
  if (ports.size() < count) {
    return MakeError(ErrorKind::kInternal, "only " + std::to_string(ports.size()) +
                                               " free ports in 127.0.0.1:" + std::to_string(first) + "-" +
                                               std::to_string(last) + ", " + std::to_string(count) +
                                               " needed");
  }
  return ports;
}

Result<std::vector<std::uint16_t>> PickLoopbackPorts(std::size_t count) {
  std::vector<int> held;
  std::vector<std::uint16_t> ports;
  std::string error;
  for (std::size_t i = 0; i < count && error.empty(); ++i) {
    std::uint16_t port = 0;
    int fd = BindLoopbackZero(&port, &error);
    if (fd < 0) break;
    held.push_back(fd);
    ports.push_back(port);
  }
  for (int fd : held) close(fd);
  if (!error.empty()) return MakeError(ErrorKind::kInternal, error);
  return ports;
}

bool WaitForLoopbackPort(std::uint16_t port, ChildProcess& child, std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up && child.Running()) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    bool connected = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    if (connected) return true;
    // A helper program offers no readiness signal of its own: poll.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace lde::bench
