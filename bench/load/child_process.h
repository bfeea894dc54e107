#pragma once

// A helper program (nginx, blackbox_exporter) run as a child of the bench.
// It gets SIGTERM if the bench dies (PR_SET_PDEATHSIG), so no server outlives
// a crashed or interrupted run; Stop() and the destructor end it by pid.

#include <sys/resource.h>
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"

namespace lde::bench {

class ChildProcess {
 public:
  // Runs argv[0] (a path) with stdout and stderr appended to `log_path`.
  static Result<ChildProcess> Spawn(const std::vector<std::string>& argv, const std::string& log_path);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();  // Stop(SIGTERM)

  pid_t pid() const { return pid_; }
  // False once the child has exited (reaps it).
  bool Running();
  // Sends `signal`, waits up to `grace` for the exit, then SIGKILL. Idempotent.
  void Stop(int signal, std::chrono::milliseconds grace = std::chrono::seconds(5));
  // For a child that ends by itself (a client run): waits up to `timeout`
  // for its exit and reaps it with wait4, so *usage holds the CPU time it
  // used. Returns its wait status, or -1 when it did not end in time (it is
  // then killed, and *usage is not filled) or was already reaped.
  int WaitExit(std::chrono::milliseconds timeout, rusage* usage);

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read
// it, close). Another program may take it before ours binds it; the caller's
// readiness check then fails with a clear error.
Result<std::uint16_t> PickLoopbackPort();
// `count` distinct such ports: all are held bound until the last is picked,
// since the kernel may hand a just-released port out again.
Result<std::vector<std::uint16_t>> PickLoopbackPorts(std::size_t count);
// `count` free ports taken in order from `first` up to `last`, held bound
// until the last is picked. For farms of thousands of ports: below Linux's
// ephemeral range (32768-60999) no other program's outgoing connection
// takes a port between our pick and the server's bind, which bind(0)'s
// picks, inside that range, suffered at 10,000 ports (nginx then failed
// with EADDRINUSE). Error kInternal when the range holds too few.
Result<std::vector<std::uint16_t>> PickLoopbackPortsInRange(std::size_t count, std::uint16_t first,
                                                            std::uint16_t last);

// Polls a TCP connect to 127.0.0.1:port until it succeeds, the child exits or
// `timeout` passes.
bool WaitForLoopbackPort(std::uint16_t port, ChildProcess& child, std::chrono::milliseconds timeout);

}  // namespace lde::bench
