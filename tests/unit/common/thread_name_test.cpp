#include "common/thread_name.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace lde {
namespace {

// Starts a thread that waits until it has been named, then reports the
// name it sees for itself.
std::string NameSeenAfter(std::string_view name) {
  std::mutex mutex;
  std::condition_variable named_cv;
  bool named = false;
  std::string seen;
  std::thread thread([&] {
    std::unique_lock<std::mutex> lock(mutex);
    named_cv.wait(lock, [&] { return named; });
    seen = ThisThreadName();
  });
  NameThread(thread, name);
  {
    std::lock_guard<std::mutex> lock(mutex);
    named = true;
  }
  named_cv.notify_one();
  thread.join();
  return seen;
}

TEST(ThreadNameTest, TheCreatorNamesTheThread) { EXPECT_EQ(NameSeenAfter("lde-probe"), "lde-probe"); }

TEST(ThreadNameTest, ALongNameIsCutAtFifteenBytesInsteadOfRefused) {
  EXPECT_EQ(NameSeenAfter("lde-a-very-long-thread-name"), "lde-a-very-long");
}

TEST(ThreadNameTest, TheCreatorKeepsItsOwnName) {
  const std::string before = ThisThreadName();
  EXPECT_EQ(NameSeenAfter("lde-other"), "lde-other");
  EXPECT_EQ(ThisThreadName(), before);
}

}  // namespace
}  // namespace lde
