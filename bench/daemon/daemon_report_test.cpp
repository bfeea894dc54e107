// ComputeRatios and Median: the figures daemon_load's report quotes, from
// records with known CPU times, so that a wrong pairing or weighting fails
// here rather than passing unseen in a smoke run.
#include "daemon/daemon_report.h"

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace lde::bench {
namespace {

WindowResult Window(const std::string& side, const std::string& kind, int c, int repeat, double cpu_s,
                    std::uint64_t ok) {
  WindowResult w;
  w.side = side;
  w.kind = kind;
  w.concurrency = c;
  w.repeat = repeat;
  w.cpu = CpuTimes{cpu_s * 0.75, cpu_s * 0.25};
  w.probes = ok;
  w.ok = ok;
  return w;
}

STimeResult STime(const std::string& key, bool www, int c, int repeat, double cpu_s,
                  std::uint64_t connections) {
  STimeResult s;
  s.key = key;
  s.www = www ? "/autodiscover" : "";
  s.concurrency = c;
  s.repeat = repeat;
  s.cpu = CpuTimes{cpu_s, 0};
  s.connections = connections;
  return s;
}

DaemonLoadRecord Record(int ec, int rsa, std::vector<std::string> kinds, std::vector<int> concurrencies,
                        int repeats) {
  DaemonLoadRecord r;
  r.ec_targets = ec;
  r.rsa_targets = rsa;
  r.options.kinds = std::move(kinds);
  r.options.concurrencies = std::move(concurrencies);
  r.options.repeats = repeats;
  return r;
}

std::optional<PairRatio> Find(const std::vector<PairRatio>& rows, int c, int repeat,
                              const std::string& kind) {
  for (const auto& p : rows) {
    if (p.concurrency == c && p.repeat == repeat && p.kind == kind) return p;
  }
  return std::nullopt;
}

TEST(ComputeRatiosTest, WeighsSTimeByTheFarmsKeyMix) {
  // 30 EC and 70 RSA targets: s_time's 1 ms (EC) and 2 ms (RSA) per
  // handshake weigh 0.3 and 0.7.
  DaemonLoadRecord r = Record(30, 70, {"tls"}, {8}, 1);
  r.windows = {Window("daemon", "tls", 8, 1, 1.8, 1000)};
  r.stimes = {STime("ec", false, 8, 1, 1.0, 1000), STime("rsa", false, 8, 1, 4.0, 2000)};
  const auto rows = ComputeRatios(r);
  const auto tls = Find(rows, 8, 1, "tls");
  ASSERT_TRUE(tls.has_value());
  EXPECT_DOUBLE_EQ(tls->daemon_ms, 1.8);
  EXPECT_DOUBLE_EQ(tls->stime_ms, 1.7);
  EXPECT_NEAR(tls->vs_stime(), 1.8 / 1.7, 1e-12);
  EXPECT_EQ(rows.size(), 1u);  // one kind: no pooled row
}

TEST(ComputeRatiosTest, TheWwwRunsGoToHttpsRowsOnlyAndNeverIntoTheHandshake) {
  DaemonLoadRecord r = Record(1, 1, {"tls", "https"}, {8}, 1);
  r.windows = {Window("daemon", "tls", 8, 1, 1.0, 1000), Window("daemon", "https", 8, 1, 3.0, 2000)};
  r.stimes = {STime("ec", false, 8, 1, 1.0, 1000), STime("rsa", false, 8, 1, 1.0, 1000),
              STime("ec", true, 8, 1, 2.0, 1000), STime("rsa", true, 8, 1, 1.0, 1000)};
  const auto rows = ComputeRatios(r);
  const auto tls = Find(rows, 8, 1, "tls");
  const auto https = Find(rows, 8, 1, "https");
  ASSERT_TRUE(tls && https);
  EXPECT_DOUBLE_EQ(tls->stime_ms, 1.0);
  EXPECT_DOUBLE_EQ(tls->stime_www_ms, 0);
  EXPECT_DOUBLE_EQ(tls->vs_stime_www(), 0);
  EXPECT_DOUBLE_EQ(https->stime_ms, 1.0);
  EXPECT_DOUBLE_EQ(https->stime_www_ms, 1.5);
  EXPECT_DOUBLE_EQ(https->daemon_ms, 1.5);
  EXPECT_DOUBLE_EQ(https->vs_stime_www(), 1.0);
}

TEST(ComputeRatiosTest, PairsEachWindowWithItsOwnRepeatAndConcurrency) {
  DaemonLoadRecord r = Record(1, 0, {"tls"}, {8, 64}, 2);
  r.windows = {Window("daemon", "tls", 8, 1, 1.0, 1000), Window("daemon", "tls", 8, 2, 2.0, 1000),
               Window("daemon", "tls", 64, 1, 3.0, 1000), Window("daemon", "tls", 64, 2, 4.0, 1000),
               Window("blackbox", "tls", 8, 2, 8.0, 1000)};
  r.stimes = {STime("ec", false, 8, 1, 1.0, 1000), STime("ec", false, 8, 2, 1.0, 500),
              STime("ec", false, 64, 1, 1.0, 250), STime("ec", false, 64, 2, 1.0, 125)};
  const auto rows = ComputeRatios(r);
  ASSERT_EQ(rows.size(), 4u);
  const auto c8r1 = Find(rows, 8, 1, "tls");
  const auto c8r2 = Find(rows, 8, 2, "tls");
  const auto c64r2 = Find(rows, 64, 2, "tls");
  ASSERT_TRUE(c8r1 && c8r2 && c64r2);
  EXPECT_DOUBLE_EQ(c8r1->stime_ms, 1.0);
  EXPECT_DOUBLE_EQ(c8r1->blackbox_ms, 0);  // blackbox ran in repeat 2 only
  EXPECT_DOUBLE_EQ(c8r2->stime_ms, 2.0);
  EXPECT_DOUBLE_EQ(c8r2->daemon_ms, 2.0);
  EXPECT_DOUBLE_EQ(c8r2->blackbox_ms, 8.0);
  EXPECT_DOUBLE_EQ(c8r2->vs_blackbox(), 0.25);
  EXPECT_DOUBLE_EQ(c64r2->daemon_ms, 4.0);
  EXPECT_DOUBLE_EQ(c64r2->stime_ms, 8.0);
}

TEST(ComputeRatiosTest, AKeyTypeWithoutSTimeLeavesTheFigureUnmeasured) {
  DaemonLoadRecord r = Record(50, 50, {"tls"}, {8}, 1);
  r.windows = {Window("daemon", "tls", 8, 1, 1.0, 1000)};
  r.stimes = {STime("ec", false, 8, 1, 1.0, 1000)};  // RSA's run failed
  const auto tls = Find(ComputeRatios(r), 8, 1, "tls");
  ASSERT_TRUE(tls.has_value());
  EXPECT_DOUBLE_EQ(tls->stime_ms, 0);
  EXPECT_DOUBLE_EQ(tls->vs_stime(), 0);

  // A farm with no RSA targets needs no RSA run.
  DaemonLoadRecord ec_only = Record(100, 0, {"tls"}, {8}, 1);
  ec_only.windows = r.windows;
  ec_only.stimes = r.stimes;
  const auto ec_tls = Find(ComputeRatios(ec_only), 8, 1, "tls");
  ASSERT_TRUE(ec_tls.has_value());
  EXPECT_DOUBLE_EQ(ec_tls->stime_ms, 1.0);
}

TEST(ComputeRatiosTest, ThePooledRowDividesTotalCpuByTotalSuccesses) {
  // tls 1 s over 1000 probes, https 3 s over 500: pooled 4 s / 1500, not
  // the mean of 1 and 6 ms.
  DaemonLoadRecord r = Record(1, 0, {"tls", "https"}, {8}, 1);
  r.windows = {Window("daemon", "tls", 8, 1, 1.0, 1000), Window("daemon", "https", 8, 1, 3.0, 500),
               Window("blackbox", "tls", 8, 1, 2.0, 1000), Window("blackbox", "https", 8, 1, 2.0, 1000)};
  const auto all = Find(ComputeRatios(r), 8, 1, "all");
  ASSERT_TRUE(all.has_value());
  EXPECT_NEAR(all->daemon_ms, 4000.0 / 1500, 1e-12);
  EXPECT_DOUBLE_EQ(all->blackbox_ms, 2.0);
  EXPECT_DOUBLE_EQ(all->stime_www_ms, 0);
}

TEST(ComputeRatiosTest, AWindowWithoutSuccessesGivesNoRow) {
  DaemonLoadRecord r = Record(1, 0, {"tls", "https"}, {8}, 1);
  r.windows = {Window("daemon", "tls", 8, 1, 1.0, 0), Window("blackbox", "tls", 8, 1, 1.0, 1000)};
  EXPECT_TRUE(ComputeRatios(r).empty());
}

TEST(WriteJsonTest, ListsEveryScrapeOfAWindowInOrder) {
  DaemonLoadRecord r = Record(1, 0, {"tls"}, {8}, 1);
  r.windows = {Window("daemon", "tls", 8, 1, 1.0, 1000), Window("blackbox", "tls", 8, 1, 1.0, 1000)};
  r.windows[0].scrape_ms = {85.5, 134, 90.25};
  r.windows[0].scrape_cpu_ms = {60.5, 61, 59};
  r.windows[0].scrape_wait_ms = {3, 40.5, 0};
  std::ostringstream json;
  WriteJson(json, r, ComputeRatios(r));
  EXPECT_NE(json.str().find("\"scrape_ms\": [85.5, 134, 90.25]"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"scrape_cpu_ms\": [60.5, 61, 59]"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"scrape_wait_ms\": [3, 40.5, 0]"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"scrape_ms\": []"), std::string::npos) << json.str();  // blackbox's
}

TEST(MedianTest, IgnoresUnmeasuredFiguresAndAveragesTheMiddlePair) {
  EXPECT_DOUBLE_EQ(Median({}), 0);
  EXPECT_DOUBLE_EQ(Median({0, 0}), 0);
  EXPECT_DOUBLE_EQ(Median({3, 0, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(Median({4, 1, 3, 2}), 2.5);
}

}  // namespace
}  // namespace lde::bench
