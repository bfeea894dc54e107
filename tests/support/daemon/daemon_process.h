#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace lde::testing {

// Runs the built lyncdiscover_exporter binary as a child process and reads
// its stderr line by line, so tests synchronise on what the daemon says
// ("listening", "probe finished") instead of sleeping. Killed (SIGKILL) on
// destruction if still running.
class DaemonProcess {
 public:
  explicit DaemonProcess(std::vector<std::string> args);
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  // Waits until a stderr line matches; returns it, or nullopt on timeout or
  // process exit. Lines already seen count (from `from_line` on).
  std::optional<std::string> WaitForLine(const std::regex& pattern, std::chrono::milliseconds timeout,
                                         std::size_t from_line = 0);
  // Waits until at least `count` stderr lines match; false on timeout or
  // process exit.
  bool WaitForCount(const std::regex& pattern, std::size_t count, std::chrono::milliseconds timeout);
  // How many stderr lines so far match.
  std::size_t CountLines(const std::regex& pattern) const;
  std::size_t LineCount() const;
  std::string Stderr() const;

  // The port from the "listening ... port=N" log line (waits for it).
  std::optional<std::uint16_t> WaitForPort(std::chrono::milliseconds timeout);

  void Signal(int sig);
  // The child's process id, for reading /proc/<pid>.
  pid_t pid() const { return pid_; }
  // Waits for exit; returns the exit code (128+signal when killed).
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);

 private:
  void ReadLoop(int fd);

  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
  bool eof_ = false;
};

// Runs a command to completion (bounded), returning exit code and stdout.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult RunCommand(const std::vector<std::string>& args, std::chrono::milliseconds timeout);

// GET http://127.0.0.1:port/path (or POST); returns status and body.
struct HttpReply {
  int status = 0;
  std::string body;
};
HttpReply HttpCall(std::uint16_t port, const std::string& method, const std::string& path);

}  // namespace lde::testing
