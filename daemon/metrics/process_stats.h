#pragma once

// The standard process_* metrics every Prometheus exporter serves about
// itself, read from Linux procfs (proc(5)) as client_golang's process
// collector (through prometheus/procfs) reads them.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace lde::metrics {

// A soft limit of "unlimited" in /proc/<pid>/limits: RLIM64_INFINITY, the
// value procfs reports for it (so process_virtual_memory_max_bytes is
// 1.8446744073709552e+19 without an address-space limit, as in Go exporters).
inline constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

struct ProcessStats {
  double cpu_seconds = 0;                      // utime + stime
  std::uint64_t resident_memory_bytes = 0;     // rss pages * page size
  std::uint64_t virtual_memory_bytes = 0;      // vsize
  std::uint64_t virtual_memory_max_bytes = 0;  // RLIMIT_AS soft limit, kUnlimited if none
  std::uint64_t open_fds = 0;
  std::uint64_t max_fds = 0;      // RLIMIT_NOFILE soft limit, kUnlimited if none
  double start_time_seconds = 0;  // unix seconds
  std::uint64_t threads = 0;
};

// Pure: the texts of /proc/self/stat, /proc/self/limits and /proc/stat (only
// its "btime" line is read), the number of open descriptors, sysconf's
// _SC_CLK_TCK and page size. nullopt when a text lacks a field this needs or
// holds a malformed number, or when clk_tck or page_size is not positive:
// all or nothing, so a scrape never shows half a process.
std::optional<ProcessStats> ParseProcessStats(std::string_view stat, std::string_view limits,
                                              std::string_view proc_stat, std::size_t open_fds, long clk_tck,
                                              long page_size);

// ParseProcessStats on the calling process: /proc/self/stat and
// /proc/self/limits read whole up to a few KiB (nullopt if longer), the
// btime line of /proc/stat found in 4 KiB chunks (its interrupt line can run
// to tens of KiB on large machines), and the entries of /proc/self/fd
// (without the descriptor that lists them). nullopt if anything cannot be
// read. Thread-safe; costs a few system calls plus one per open descriptor.
std::optional<ProcessStats> ReadProcessStats();

}  // namespace lde::metrics
