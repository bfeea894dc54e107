#include "metrics/process_stats.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace lde::metrics {
namespace {

// /proc/<pid>/stat of a process named "my (odd) name) x": utime 250,
// stime 150, num_threads 7, starttime 123456, vsize 314572800, rss 2560.
constexpr std::string_view kOddStat =
    "4242 (my (odd) name) x) S 1 4242 4242 0 -1 4194560 1016 0 0 0 250 150 0 0 20 0 7 0 123456 "
    "314572800 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

// The same fields under a plain name.
constexpr std::string_view kPlainStat =
    "4242 (lyncdiscover_ex) S 1 4242 4242 0 -1 4194560 1016 0 0 0 250 150 0 0 20 0 7 0 123456 "
    "314572800 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

constexpr std::string_view kLimits =
    "Limit                     Soft Limit           Hard Limit           Units     \n"
    "Max cpu time              unlimited            unlimited            seconds   \n"
    "Max stack size            8388608              unlimited            bytes     \n"
    "Max open files            1024                 524288               files     \n"
    "Max locked memory         8388608              8388608              bytes     \n"
    "Max address space         4294967296           unlimited            bytes     \n"
    "Max realtime timeout      unlimited            unlimited            us        \n";

constexpr std::string_view kUnlimitedLimits =
    "Limit                     Soft Limit           Hard Limit           Units     \n"
    "Max open files            unlimited            unlimited            files     \n"
    "Max address space         unlimited            unlimited            bytes     \n";

constexpr std::string_view kProcStat =
    "cpu  10132153 290696 3084719 46828483 16683 0 25195 0 0 0\n"
    "cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0\n"
    "intr 1462898 0 9 0 0 0 0 3 0 1 0 0 0 0 0 0\n"
    "ctxt 115315\n"
    "btime 1700000000\n"
    "processes 2064\n";

constexpr long kTicks = 100;
constexpr long kPage = 4096;

TEST(ParseProcessStatsTest, ReadsEveryField) {
  const auto stats = ParseProcessStats(kPlainStat, kLimits, kProcStat, 11, kTicks, kPage);
  ASSERT_TRUE(stats.has_value());
  EXPECT_DOUBLE_EQ(stats->cpu_seconds, 4.0);  // (250 + 150) / 100
  EXPECT_EQ(stats->resident_memory_bytes, 2560u * 4096u);
  EXPECT_EQ(stats->virtual_memory_bytes, 314572800u);
  EXPECT_EQ(stats->virtual_memory_max_bytes, 4294967296u);
  EXPECT_EQ(stats->open_fds, 11u);
  EXPECT_EQ(stats->max_fds, 1024u);
  EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1700000000 + 1234.56);  // btime + 123456 / 100
  EXPECT_EQ(stats->threads, 7u);
}

// The command name may hold blanks and parentheses, ')' included: the
// fields are counted from the last ')'.
TEST(ParseProcessStatsTest, CommandNameWithBlanksAndParentheses) {
  const auto odd = ParseProcessStats(kOddStat, kLimits, kProcStat, 11, kTicks, kPage);
  const auto plain = ParseProcessStats(kPlainStat, kLimits, kProcStat, 11, kTicks, kPage);
  ASSERT_TRUE(odd.has_value());
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(odd->threads, 7u);
  EXPECT_DOUBLE_EQ(odd->cpu_seconds, plain->cpu_seconds);
  EXPECT_EQ(odd->resident_memory_bytes, plain->resident_memory_bytes);
  EXPECT_EQ(odd->virtual_memory_bytes, plain->virtual_memory_bytes);
  EXPECT_DOUBLE_EQ(odd->start_time_seconds, plain->start_time_seconds);
}

// As procfs reports it to client_golang: RLIM64_INFINITY, 2^64-1.
TEST(ParseProcessStatsTest, UnlimitedSoftLimitsAreMaxUint64) {
  const auto stats = ParseProcessStats(kPlainStat, kUnlimitedLimits, kProcStat, 3, kTicks, kPage);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->virtual_memory_max_bytes, 18446744073709551615u);
  EXPECT_EQ(stats->max_fds, kUnlimited);
}

TEST(ParseProcessStatsTest, UsesTheGivenClockTickAndPageSize) {
  const auto stats = ParseProcessStats(kPlainStat, kLimits, kProcStat, 0, 250, 65536);
  ASSERT_TRUE(stats.has_value());
  EXPECT_DOUBLE_EQ(stats->cpu_seconds, 1.6);
  EXPECT_EQ(stats->resident_memory_bytes, 2560u * 65536u);
  EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1700000000 + 493.824);
}

TEST(ParseProcessStatsTest, MalformedInputIsNullopt) {
  const std::string stat(kPlainStat);
  const std::string before_rss = stat.substr(0, stat.find(" 2560 "));
  struct Case {
    const char* name;
    std::string stat;
    std::string limits;
    std::string proc_stat;
    long clk_tck;
    long page_size;
  };
  const std::string limits(kLimits);
  const std::string proc_stat(kProcStat);
  const Case cases[] = {
      {"empty stat", "", limits, proc_stat, kTicks, kPage},
      {"stat without ')'", "4242 (name S 1 2 3", limits, proc_stat, kTicks, kPage},
      {"stat without '('", "4242 name) S 1 2 3", limits, proc_stat, kTicks, kPage},
      {"stat cut before rss", before_rss, limits, proc_stat, kTicks, kPage},
      {"utime not a number", "4242 (n) S 1 4242 4242 0 -1 4194560 1016 0 0 0 x 150 0 0 20 0 7 0 123456 1 1\n",
       limits, proc_stat, kTicks, kPage},
      {"negative rss", "4242 (n) S 1 4242 4242 0 -1 4194560 1016 0 0 0 1 1 0 0 20 0 7 0 123456 1 -5\n",
       limits, proc_stat, kTicks, kPage},
      {"no open files limit", stat, "Max address space         unlimited            unlimited  bytes\n",
       proc_stat, kTicks, kPage},
      {"no address space limit", stat, "Max open files            1024                 4096       files\n",
       proc_stat, kTicks, kPage},
      {"limit not a number", stat,
       "Max open files            lots                 4096       files\n"
       "Max address space         unlimited            unlimited  bytes\n",
       proc_stat, kTicks, kPage},
      {"no btime", stat, limits, "cpu  1 2 3\nctxt 115315\n", kTicks, kPage},
      {"btime not a number", stat, limits, "btime soon\n", kTicks, kPage},
      {"btime only as a prefix", stat, limits, "btimex 1700000000\n", kTicks, kPage},
      {"no clock tick", stat, limits, proc_stat, 0, kPage},
      {"no page size", stat, limits, proc_stat, kTicks, -1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_FALSE(ParseProcessStats(c.stat, c.limits, c.proc_stat, 3, c.clk_tck, c.page_size).has_value());
  }
}

std::uint64_t SoftLimit(int resource) {
  rlimit limit{};
  EXPECT_EQ(::getrlimit(resource, &limit), 0);
  return limit.rlim_cur == RLIM_INFINITY ? kUnlimited : limit.rlim_cur;
}

std::size_t TaskCount() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

// The live process, against what the kernel reports by other means: no
// value here is hard-coded.
TEST(ReadProcessStatsTest, ReadsThisProcess) {
  const auto stats = ReadProcessStats();
  ASSERT_TRUE(stats.has_value());
  EXPECT_GE(stats->threads, 1u);
  EXPECT_EQ(stats->threads, TaskCount());
  EXPECT_GT(stats->resident_memory_bytes, 0u);
  EXPECT_GE(stats->virtual_memory_bytes, stats->resident_memory_bytes);
  EXPECT_GE(stats->cpu_seconds, 0.0);
  EXPECT_LE(stats->open_fds, stats->max_fds);
  EXPECT_EQ(stats->max_fds, SoftLimit(RLIMIT_NOFILE));
  EXPECT_EQ(stats->virtual_memory_max_bytes, SoftLimit(RLIMIT_AS));

  // Started within the last day and not in the future; btime is whole
  // seconds and the wall clock may have been stepped since boot, hence the
  // few seconds of slack.
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(stats->start_time_seconds, now + 5);
  EXPECT_GT(stats->start_time_seconds, now - 86400);
}

TEST(ReadProcessStatsTest, CountsEachOpenDescriptor) {
  const auto before = ReadProcessStats();
  ASSERT_TRUE(before.has_value());
  const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  const auto during = ReadProcessStats();
  ::close(fd);
  ASSERT_TRUE(during.has_value());
  EXPECT_EQ(during->open_fds, before->open_fds + 1);
}

TEST(ReadProcessStatsTest, CountsAThreadWhileItRuns) {
  const auto before = ReadProcessStats();
  ASSERT_TRUE(before.has_value());
  std::mutex mutex;
  std::condition_variable cv;
  bool started = false;
  bool done = false;
  std::thread thread([&] {
    std::unique_lock<std::mutex> lock(mutex);
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return done; });
  });
  {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [&] { return started; });
  }
  const auto during = ReadProcessStats();
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  cv.notify_all();
  thread.join();
  ASSERT_TRUE(during.has_value());
  EXPECT_EQ(during->threads, before->threads + 1);
}

}  // namespace
}  // namespace lde::metrics
