#pragma once

// How the daemon asks glibc's allocator to hold its memory: settings made
// once, before any thread starts. (Daemon::LoadConfig gives back the pages a
// config's parse freed.)

namespace lde::app {

// Before any thread exists. An operator's MALLOC_ARENA_MAX and
// MALLOC_MMAP_THRESHOLD_ still win.
void TuneAllocator();

}  // namespace lde::app
