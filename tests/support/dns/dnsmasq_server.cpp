#include "support/dns/dnsmasq_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/dns/dns_probe.h"

extern char** environ;

namespace lde::testing {
namespace {

constexpr int kPortAttempts = 5;  // another process may grab the free port
constexpr auto kStartupBudget = std::chrono::seconds(5);
// Probes use an unconnected socket, so a closed port yields no ICMP error
// and each failed probe takes the full wait: at most 200 of them.
constexpr int kProbeWaitMs = 25;
constexpr int kMaxProbes = 200;

std::vector<std::string> Arguments(std::uint16_t port, const std::vector<DnsRecord>& records,
                                   const std::vector<std::string>& txt_only) {
  std::vector<std::string> args = {
      DnsmasqServer::kBinary,
      "--no-daemon",            // foreground, no pid file, no user change
      "--log-facility=-",       // log to stderr (captured), not syslog
      "--conf-file=/dev/null",  // ignore /etc/dnsmasq.conf
      "--no-resolv",            // no upstream servers
      "--no-hosts",             // nothing from /etc/hosts
      "--bind-interfaces",
      "--listen-address=127.0.0.1",
      "--port=" + std::to_string(port),
      "--local=/test/",  // unknown *.test names: NXDOMAIN
      "--cache-size=0",
  };
  for (const auto& record : records) {
    // One --host-record per address: dnsmasq takes at most one A and one AAAA
    // per option, and repeats add more records to the name.
    for (const auto& address : record.addresses) {
      args.push_back("--host-record=" + record.name + "," + address);
    }
  }
  for (const auto& name : txt_only) args.push_back("--txt-record=" + name + ",no address here");
  return args;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Spawns dnsmasq with stdout and stderr going to `log_fd`.
pid_t Spawn(const std::vector<std::string>& args, int log_fd, std::string* error) {
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    *error = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
    return -1;
  }
  return pid;
}

// Polls dnsmasq with real queries until one is answered, it exits, or the
// budget runs out. Bounded in count and time.
bool WaitReady(pid_t pid, std::uint16_t port, bool* exited) {
  auto end = std::chrono::steady_clock::now() + kStartupBudget;
  for (int probe = 0; probe < kMaxProbes && std::chrono::steady_clock::now() < end; ++probe) {
    if (detail::AnswersDns(port, "ready.test", kProbeWaitMs)) return true;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      *exited = true;
      return false;
    }
  }
  return false;
}

void Kill(pid_t pid) {
  kill(pid, SIGKILL);  // nothing to clean up: no pid file, no leases
  waitpid(pid, nullptr, 0);
}

}  // namespace

std::unique_ptr<DnsmasqServer> DnsmasqServer::Start(const std::vector<DnsRecord>& records,
                                                    const std::vector<std::string>& txt_only,
                                                    std::string* error) {
  if (access(kBinary, X_OK) != 0) {
    *error = std::string(kBinary) +
             " is missing: install Debian's dnsmasq-base package (the DNS tests need a real server)";
    return nullptr;
  }
  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    std::uint16_t port = detail::FreeUdpPort();
    if (port == 0) {
      *error = "cannot find a free UDP port on 127.0.0.1";
      return nullptr;
    }
    char log_template[] = "/tmp/lde-dnsmasq-XXXXXX";
    int log_fd = mkstemp(log_template);
    if (log_fd < 0) {
      *error = std::string("mkstemp: ") + std::strerror(errno);
      return nullptr;
    }
    pid_t pid = Spawn(Arguments(port, records, txt_only), log_fd, error);
    close(log_fd);
    if (pid < 0) {
      unlink(log_template);
      return nullptr;
    }
    bool exited = false;
    if (WaitReady(pid, port, &exited)) {
      return std::unique_ptr<DnsmasqServer>(new DnsmasqServer(pid, port, log_template));
    }
    if (!exited) Kill(pid);
    std::string log = ReadFile(log_template);
    unlink(log_template);
    *error = "dnsmasq on 127.0.0.1:" + std::to_string(port) +
             (exited ? " exited" : " did not answer within 5s") + "; its output:\n" + log;
    if (log.find("Address already in use") == std::string::npos) return nullptr;
  }
  return nullptr;
}

DnsmasqServer::~DnsmasqServer() {
  Kill(pid_);
  unlink(log_path_.c_str());
}

SilentUdpServer::SilentUdpServer() { fd_ = detail::BindLoopbackUdp("SilentUdpServer", &port_); }

SilentUdpServer::~SilentUdpServer() { close(fd_); }

}  // namespace lde::testing
