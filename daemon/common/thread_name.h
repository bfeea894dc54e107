#pragma once

#include <string>
#include <string_view>
#include <thread>

namespace lde {

// Names a thread, as `top -H`, `ps -L`, perf and gdb show it: "lde-probe"
// for a probe worker, "lde-schedule" for the scheduler's loop, and so on.
// The creator names the thread it has just started, so the name is there
// once the creator moves on. Linux keeps at most 15 bytes; a longer name is
// cut there. Best effort: where threads have no names, nothing happens.
void NameThread(std::thread& thread, std::string_view name);

// The calling thread's name, "" when it has none or the platform cannot say.
std::string ThisThreadName();

}  // namespace lde
