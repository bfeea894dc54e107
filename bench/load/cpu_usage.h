#pragma once

// CPU time of this process, of this thread and of another process (Linux).

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace lde::bench {

struct CpuTimes {
  double user_s = 0;
  double sys_s = 0;

  double total_s() const { return user_s + sys_s; }
  CpuTimes operator-(const CpuTimes& o) const { return {user_s - o.user_s, sys_s - o.sys_s}; }
};

// getrusage(RUSAGE_SELF): every thread of this process, not its children.
CpuTimes SelfCpu();
// CLOCK_THREAD_CPUTIME_ID, reported as user time (the kernel does not split it).
CpuTimes ThisThreadCpu();
// utime and stime of /proc/<pid>/stat (clock-tick resolution, usually 10 ms).
// False when the process is gone or the file does not parse.
bool ProcessCpu(pid_t pid, CpuTimes* out);
// VmHWM of /proc/<pid>/status in KiB, -1 when unreadable.
std::int64_t ProcessPeakRssKib(pid_t pid);
// VmRSS of /proc/<pid>/status in KiB, -1 when unreadable.
std::int64_t ProcessRssKib(pid_t pid);
// Threads of /proc/<pid>/status, -1 when unreadable.
std::int64_t ProcessThreads(pid_t pid);

// Time some threads spent on a CPU and waiting in a run queue for one, from
// schedstat (proc(5): nanoseconds, where /proc/<pid>/stat counts 10 ms ticks).
struct SchedTimes {
  double cpu_ms = 0;
  double wait_ms = 0;

  SchedTimes operator-(const SchedTimes& o) const { return {cpu_ms - o.cpu_ms, wait_ms - o.wait_ms}; }
};
// One schedstat file: "<on-CPU ns> <waiting ns> <time slices>".
std::optional<SchedTimes> ParseSchedstat(std::string_view text);
// The sum over the threads of `pid` whose name (comm) starts with `prefix`;
// nullopt when the process is gone or none of its threads has that name.
// A thread that has exited is not counted: compare readings over a span in
// which the threads live (the daemon's HTTP threads live as long as it).
std::optional<SchedTimes> ThreadGroupTimes(pid_t pid, std::string_view prefix);

}  // namespace lde::bench
