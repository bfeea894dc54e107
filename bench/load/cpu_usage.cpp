#include "load/cpu_usage.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace lde::bench {
namespace {

double Seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; }

}  // namespace

CpuTimes SelfCpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return {Seconds(usage.ru_utime), Seconds(usage.ru_stime)};
}

CpuTimes ThisThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return {static_cast<double>(ts.tv_sec) + ts.tv_nsec / 1e9, 0};
}

bool ProcessCpu(pid_t pid, CpuTimes* out) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  // The command name (field 2) is in parentheses and may hold spaces: the
  // fields after it start past the last ')' (proc(5)).
  auto close = stat.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  // Fields 3..13, then utime (14) and stime (15).
  for (int i = 3; i <= 13; ++i) {
    if (!(fields >> field)) return false;
  }
  unsigned long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return false;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  *out = {static_cast<double>(utime) / tick, static_cast<double>(stime) / tick};
  return true;
}

namespace {

std::int64_t StatusField(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  for (int i = 0; i < 200 && std::getline(in, line); ++i) {
    if (line.rfind(field, 0) == 0) return std::stoll(line.substr(field.size()));
  }
  return -1;
}

}  // namespace

std::int64_t ProcessPeakRssKib(pid_t pid) { return StatusField(pid, "VmHWM:"); }

std::int64_t ProcessRssKib(pid_t pid) { return StatusField(pid, "VmRSS:"); }

std::int64_t ProcessThreads(pid_t pid) { return StatusField(pid, "Threads:"); }

}  // namespace lde::bench
