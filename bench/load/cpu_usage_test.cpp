#include "load/cpu_usage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace lde::bench {
namespace {

TEST(ParseSchedstatTest, ReadsNanosecondsOnACpuAndWaiting) {
  const auto times = ParseSchedstat("4204479 5506264 2");
  ASSERT_TRUE(times.has_value());
  EXPECT_DOUBLE_EQ(times->cpu_ms, 4.204479);
  EXPECT_DOUBLE_EQ(times->wait_ms, 5.506264);
}

TEST(ParseSchedstatTest, RefusesWhatIsNotThreeNumbers) {
  for (const char* bad : {"", "12", "12 ", "x 1 2", "12 y 2", "12 34", "-1 2 3", "12,34 5"}) {
    EXPECT_FALSE(ParseSchedstat(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(SchedTimesTest, SubtractsBothFigures) {
  const SchedTimes delta = SchedTimes{10, 4} - SchedTimes{2.5, 1};
  EXPECT_DOUBLE_EQ(delta.cpu_ms, 7.5);
  EXPECT_DOUBLE_EQ(delta.wait_ms, 3);
}

// This process's main thread, by the name the kernel gave it.
TEST(ThreadGroupTimesTest, SumsTheThreadsOfTheNameAndNoOthers) {
  std::string own_name;
  ASSERT_TRUE(std::getline(std::ifstream("/proc/self/comm"), own_name));
  volatile unsigned spin = 0;
  for (unsigned i = 0; i < 10'000'000; ++i) spin = spin + i;  // some CPU time to see
  const auto own = ThreadGroupTimes(getpid(), own_name);
  ASSERT_TRUE(own.has_value());
  EXPECT_GT(own->cpu_ms, 0);
  EXPECT_FALSE(ThreadGroupTimes(getpid(), own_name + "-no-such-thread").has_value());
}

TEST(ThreadGroupTimesTest, AProcessThatIsGoneHasNone) {
  // pid_max is at most 2^22 on Linux: this pid cannot exist.
  EXPECT_FALSE(ThreadGroupTimes(static_cast<pid_t>(1 << 23), "").has_value());
}

}  // namespace
}  // namespace lde::bench
