#pragma once

// CPU time of this process, of this thread and of another process (Linux).

#include <sys/types.h>

#include <cstdint>

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

}  // namespace lde::bench
