// The rendered text must pass `promtool check metrics` (format and lint rules:
// counters end in _total, units in names, HELP present, no duplicates).

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "metrics/render.h"
#include "sample_results.h"

#ifndef LDE_PROMTOOL
#define LDE_PROMTOOL "/usr/bin/promtool"
#endif

namespace lde::metrics {
namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs `promtool check metrics < file`, collecting stdout and stderr.
CommandResult RunPromtool(const std::string& file) {
  std::string cmd = std::string(LDE_PROMTOOL) + " check metrics < '" + file + "' 2>&1";
  CommandResult result;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[512];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.output.append(buf, n);
  int status = ::pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

class PromtoolCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::access(LDE_PROMTOOL, X_OK), 0) << LDE_PROMTOOL << " is missing; install promtool";
    path_ =
        (std::filesystem::temp_directory_path() / ("lde_promtool_" + std::to_string(::getpid()) + ".prom"))
            .string();
  }
  void TearDown() override { std::filesystem::remove(path_); }

  CommandResult Check(const std::string& text) {
    std::ofstream(path_) << text;
    return RunPromtool(path_);
  }

  std::string path_;
};

TEST_F(PromtoolCheckTest, FullRenderPassesPromtool) {
  auto result = Check(RenderText(testdata::FullSnapshot(), testdata::SampleState()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(PromtoolCheckTest, ProbeAnswerPassesPromtool) {
  auto result = Check(RenderResultsText(testdata::FullSnapshot()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(PromtoolCheckTest, EscapedLabelValuesPassPromtool) {
  auto r = testdata::LyncResult();
  r.endpoints[0].chain->certs[0].Edit([&](model::CertFacts& f) { f.subject = "CN=\"q\"\\\nx"; });
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};
  auto result = Check(RenderText(snap, testdata::SampleState()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

// A 200 KB href, 2,400 SANs, CR, NUL, ESC, DEL and bytes that are not UTF-8
// in label values: bounded and repaired, the text stays valid.
TEST_F(PromtoolCheckTest, HostileSnapshotPassesPromtool) {
  auto result = Check(RenderText(testdata::HostileSnapshot(), testdata::SampleState()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

TEST_F(PromtoolCheckTest, EveryControlByteAndInvalidUtf8PassPromtool) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  auto r = testdata::LyncResult();
  r.endpoints[0].chain->certs[0].Edit([&](model::CertFacts& f) { f.subject = every_byte; });
  r.endpoints[0].chain->certs[0].Edit([&](model::CertFacts& f) { f.dns_names = {every_byte}; });
  r.networks[0].links = {{"user", every_byte}};
  r.networks[0].auth_schemes = {every_byte};
  results::ResultStore::Snapshot snap;
  snap.results = {std::make_shared<const model::ProbeResult>(r)};
  auto result = Check(RenderText(snap, testdata::SampleState()));
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

// Guards the guard: promtool really rejects what we must never emit.
TEST_F(PromtoolCheckTest, PromtoolRejectsInvalidUtf8InALabelValue) {
  auto result = Check("# HELP m x\n# TYPE m gauge\nm{l=\"a\xff\"} 1\n");
  EXPECT_NE(result.exit_code, 0) << result.output;
}

// Guards the guard: promtool really rejects what we must never emit.
TEST_F(PromtoolCheckTest, PromtoolRejectsCounterWithoutTotalSuffix) {
  auto result = Check("# HELP bad_counter x\n# TYPE bad_counter counter\nbad_counter 1\n");
  EXPECT_NE(result.exit_code, 0) << result.output;
}

}  // namespace
}  // namespace lde::metrics
