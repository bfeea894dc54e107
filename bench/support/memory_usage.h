#pragma once

// Process memory figures for the benchmarks' reports (Linux).

#include <cstdint>

namespace lde::bench {

// Peak resident set size of this process so far, getrusage(RUSAGE_SELF)
// ru_maxrss, in KiB.
std::int64_t MaxRssKib();
// VmRSS and VmHWM from /proc/self/status, in KiB; -1 when unreadable.
std::int64_t CurrentRssKib();
std::int64_t PeakRssKib();
// Resets VmHWM to the current RSS (write "5" to /proc/self/clear_refs,
// Linux >= 4.0), so PeakRssKib() afterwards is the peak of what follows.
// getrusage's ru_maxrss reads the same high-water mark, so it follows too
// (observed on this kernel). False when the kernel refused.
bool ResetPeakRss();

}  // namespace lde::bench
