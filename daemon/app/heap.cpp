#include "app/heap.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace lde::app {
namespace {

// glibc gives threads that contend for malloc arenas of their own, up to 8 per
// core, and an arena keeps what its threads freed: 16 probe workers that each
// once held a 1 MB answer leave that much resident for good. Two arenas were
// chosen once (200 targets whose CRL servers answer 1 MB, 16 workers) because
// one peaked higher; that peak came from glibc's moving mmap threshold (it
// rises to the largest block freed, after which megabyte answers are carved
// from the arena). With the threshold fixed (below), the same case measured
// again with daemon_load --crl-bytes: one arena 19.8 MiB at the end and 22.9
// at the peak, against 22.2 and 24.6 for two and 20.2 and 27.4 for one with
// the moving threshold; at 10,000 targets one arena holds 3.1 MiB less than
// two, CPU alike (bench/README.md, "A fifth pass").
constexpr int kMallocArenas = 1;

// Blocks from this size up are mapped on their own and unmapped when freed
// (CRL and HTTP bodies up to their budgets, a scrape's endpoint table): they
// never fragment the arena. Setting it also stops glibc from raising it.
constexpr int kMmapThresholdBytes = 128 * 1024;

}  // namespace

void TuneAllocator() {
#if defined(__GLIBC__)
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, kMallocArenas);
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") == nullptr) mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
#endif
}

}  // namespace lde::app
