#include "daemon/s_time_run.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "load/child_process.h"

namespace lde::bench {
namespace {

// s_time prints "<N> connections in <T>s; ..." (user time) first.
bool ParseConnections(const std::string& log, std::uint64_t* out) {
  std::ifstream in(log);
  std::string line;
  for (int i = 0; i < 1000 && std::getline(in, line); ++i) {
    auto at = line.find(" connections in ");
    if (at == std::string::npos) continue;
    std::istringstream number(line.substr(0, at));
    return static_cast<bool>(number >> *out);
  }
  return false;
}

double Seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; }

}  // namespace

Result<STimeResult> RunSTime(const std::string& openssl_path, std::uint16_t port, int seconds,
                             const std::string& log_path, const std::string& www) {
  // The child appends to its log and the count is read from the log's first
  // report: a log reused from an earlier run would give that run's count.
  if (std::filesystem::exists(log_path)) {
    return MakeError(ErrorKind::kInternal,
                     "s_time log " + log_path + " exists: each run needs a log of its own");
  }
  std::vector<std::string> argv = {openssl_path, "s_time", "-connect", "127.0.0.1:" + std::to_string(port),
                                   "-new"};
  argv.insert(argv.end(), {"-time", std::to_string(seconds)});
  if (!www.empty()) argv.insert(argv.end(), {"-www", www});
  auto child = ChildProcess::Spawn(argv, log_path);
  if (!child.ok()) return child.error();
  rusage usage{};
  // s_time stops starting connections after `seconds`; the last handshake
  // ends soon after.
  const int status = child.value().WaitExit(std::chrono::seconds(seconds + 15), &usage);
  if (status < 0) return MakeError(ErrorKind::kTimeout, "openssl s_time did not end; see " + log_path);
  STimeResult r;
  if (status != 0 || !ParseConnections(log_path, &r.connections)) {
    return MakeError(ErrorKind::kConfig,
                     "openssl s_time failed (status " + std::to_string(status) + "); see " + log_path);
  }
  r.www = www;
  r.cpu = {Seconds(usage.ru_utime), Seconds(usage.ru_stime)};
  return r;
}

}  // namespace lde::bench
