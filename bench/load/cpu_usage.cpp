#include "load/cpu_usage.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
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

std::optional<SchedTimes> ParseSchedstat(std::string_view text) {
  unsigned long long on_cpu = 0, waiting = 0;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  auto [after_cpu, cpu_error] = std::from_chars(at, end, on_cpu);
  if (cpu_error != std::errc() || after_cpu == end || *after_cpu != ' ') return std::nullopt;
  auto [after_wait, wait_error] = std::from_chars(after_cpu + 1, end, waiting);
  if (wait_error != std::errc() || after_wait == end || *after_wait != ' ') return std::nullopt;
  return SchedTimes{static_cast<double>(on_cpu) / 1e6, static_cast<double>(waiting) / 1e6};
}

std::optional<SchedTimes> ThreadGroupTimes(pid_t pid, std::string_view prefix) {
  std::error_code error;
  std::filesystem::directory_iterator tasks("/proc/" + std::to_string(pid) + "/task", error);
  if (error) return std::nullopt;
  std::optional<SchedTimes> sum;
  // Stepped with an error code: a process that exits meanwhile ends the
  // walk instead of throwing.
  for (; !error && tasks != std::filesystem::directory_iterator(); tasks.increment(error)) {
    const std::filesystem::directory_entry& task = *tasks;
    std::string name, stats;
    if (!std::getline(std::ifstream(task.path() / "comm"), name) || name.rfind(prefix, 0) != 0) continue;
    // A thread that ended meanwhile has no file left: it is skipped.
    if (!std::getline(std::ifstream(task.path() / "schedstat"), stats)) continue;
    const std::optional<SchedTimes> times = ParseSchedstat(stats);
    if (!times) continue;
    if (!sum) sum.emplace();
    sum->cpu_ms += times->cpu_ms;
    sum->wait_ms += times->wait_ms;
  }
  return sum;
}

}  // namespace lde::bench
