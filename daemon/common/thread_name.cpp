#include "common/thread_name.h"

#include <pthread.h>

#include <algorithm>

namespace lde {
namespace {

// Linux's limit (TASK_COMM_LEN 16, with the terminating NUL):
// pthread_setname_np refuses a longer name outright.
constexpr std::size_t kMaxNameBytes = 15;

}  // namespace

void NameThread(std::thread& thread, std::string_view name) {
#if defined(__linux__)
  const std::string cut(name.substr(0, std::min(name.size(), kMaxNameBytes)));
  pthread_setname_np(thread.native_handle(), cut.c_str());
#else
  (void)thread;
  (void)name;
#endif
}

std::string ThisThreadName() {
#if defined(__linux__)
  char name[kMaxNameBytes + 1] = {};
  if (pthread_getname_np(pthread_self(), name, sizeof name) == 0) return name;
#endif
  return {};
}

}  // namespace lde
